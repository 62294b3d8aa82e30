"""The monthly anev pack (analisa dan evaluasi): a supervisor's month as a PDF and a workbook."""
