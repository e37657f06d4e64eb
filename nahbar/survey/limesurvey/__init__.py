"""Import of LimeSurvey results into a survey wave (see docs/limesurvey.md).

Readers turn ``.lsa``, ``.lss``, ``.lsr``, the tab-separated structure (``.txt``), VV and CSV exports into
one neutral :class:`~nahbar.survey.limesurvey.structure.LimeData`; columns that identify people (IP
addresses, referrer URLs, exact timestamps, tokens) are dropped while reading. :mod:`.suggest` proposes
which instrument item each LimeSurvey question feeds, :mod:`.importer` writes the responses atomically.
"""
