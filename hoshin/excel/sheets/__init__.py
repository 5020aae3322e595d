"""One module per sheet of the exported workbook."""
