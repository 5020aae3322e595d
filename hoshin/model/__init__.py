"""The vocabulary and tables of a plan: kinds, entities, errors, plan-wide settings."""
