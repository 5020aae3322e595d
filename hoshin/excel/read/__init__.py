"""Reading a workbook back: opening it safely, reading its sheets, building a plan from them."""
