"""Reports over parsed documents: flat rows for spreadsheets and pandas, the researcher's panel.

Reads ParseResult models (the output contract), never the stages' internal records.
"""
