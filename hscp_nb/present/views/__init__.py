"""Views: what each notebook cell shows, one module per report section (``from hscp_nb.present.views import finance
as views``). Each function takes the section context, asks the analysis modules for the figures, formats them for
reading, exports charts and tables, records the requirement ids it meets (or states what is missing), and returns
document blocks. Views format; they do not compute statistics.
"""
