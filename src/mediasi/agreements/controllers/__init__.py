"""Agreement pages: the officer's agreement of a case (``case_page``), a tokoh's own signing
pages (``signer``), the PDFs and scans (``documents``) and the public check of a printed
agreement (``verification``). Thin: the services in the package above do the work."""
