"""hscp_nb: Annual Performance Reports for Scotland's Health and Social Care Partnerships.

Data flows one way: loaders (``phs``, ``returns``) read and validate inputs into long tables, section modules
(``indicators``, ``finance``, ``localities``, ``inspections``) turn tables into results, notebooks display them,
and ``report`` stitches executed notebooks into documents.
"""

__version__ = "0.1.0"
