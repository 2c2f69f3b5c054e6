"""planpdf pipeline: plan PDFs -> validated Parquet (``python -m pipeline extract``)."""
