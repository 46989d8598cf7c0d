"""One document model for every official document: typed blocks, one DOCX and one HTML/PDF renderer."""
