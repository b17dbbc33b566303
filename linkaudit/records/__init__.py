"""The frozen records that flow between linkaudit's stages, a module for each stage's records.

``linkaudit.models`` gathers them under one name; import them from there.
"""
