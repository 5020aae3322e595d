"""Writing the workbook: the export, its cells, styles, print setup and progress."""
