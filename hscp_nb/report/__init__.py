"""One report's route, after its section notebooks ran: read them into one document (:mod:`.stitch`), pass it
through named steps (:mod:`.steps`, each a function of the document and the build's context, :mod:`.context`), then
every registered writer renders it. The public "About this report" part is :mod:`.about`; the report's front matter
:mod:`.front`; the stitched ``report.ipynb`` :mod:`.notebook`."""
