"""Survey results: a wave's responses scored, raked to the population and published under the rules."""
