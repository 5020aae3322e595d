"""Bulk read queries for views: each answers a screen's question with a few SELECTs.

Views ask these for pages of rows (never one query per row); writes go through
:mod:`hoshin.operations`. One module per screen or concern.
"""
