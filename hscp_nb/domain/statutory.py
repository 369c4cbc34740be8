"""Statutory and regulatory facts the reports are built around, defined once for the returns template, the reader,
the analysis and the views.

- The five matters of regulation 4 of the Public Bodies (Joint Working) (Content of Performance Reports) (Scotland)
  Regulations 2014 (SSI 2014/326): spend is reported by each, lettered (a) to (e) as the regulation letters them.
- The Care Inspectorate's quality framework: its five key questions (the themes graded) and its six-point grade
  scale, 1 Unsatisfactory to 6 Excellent.
- The scrutiny bodies whose inspections of delegated functions a report lists, and the kinds of inspection.
"""

REG4_MATTERS = (
    "Hospital in-patient health care",
    "Other health care",
    "Care home social care",
    "Unpaid carer support",
    "Other social care",
)
REG4_LETTERS = dict(zip(REG4_MATTERS, "abcde"))

SCRUTINY_BODIES = (
    "Care Inspectorate",
    "Healthcare Improvement Scotland",
    "Care Inspectorate and Healthcare Improvement Scotland",
    "Audit Scotland",
    "Accounts Commission",
    "Scottish Housing Regulator",
)
INSPECTION_TYPES = (
    "Regulated care service",
    "Joint inspection",
    "Thematic review",
    "Strategic inspection",
    "Audit",
    "Other",
)

GRADE_THEMES = {
    "grade_wellbeing": "How well do we support people's wellbeing?",
    "grade_leadership": "How good is our leadership?",
    "grade_staffing": "How good is our staff team?",
    "grade_setting": "How good is our setting?",
    "grade_care_planning": "How well is care and support planned?",
}
GRADE_LABELS = {
    "grade_wellbeing": "Wellbeing",
    "grade_leadership": "Leadership",
    "grade_staffing": "Staff team",
    "grade_setting": "Setting",
    "grade_care_planning": "Care planning",
}
GRADE_WORDS = {1: "Unsatisfactory", 2: "Weak", 3: "Adequate", 4: "Good", 5: "Very good", 6: "Excellent"}
