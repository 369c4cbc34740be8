"""Publishing history: what a build was made from (``manifest.json``, :mod:`.manifest`), what was published
(the register of editions, ``edition.json``, :mod:`.register`), what changed between them (``changes.csv``,
:mod:`.compare`), and the document steps that print it (the edition line, the ``[r]`` marks, the changes part:
:mod:`.marks`)."""
