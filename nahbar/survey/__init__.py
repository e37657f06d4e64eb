"""Citizen surveys: loneliness instruments, their scoring, weighted estimation and disclosure control."""
