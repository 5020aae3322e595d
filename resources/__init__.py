"""Icons and style sheets, shipped as package data."""
