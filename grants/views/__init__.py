"""Views of the grants app: the request pages (requests.py), lists and budget lines (lists.py), printed
documents and public pages (public.py)."""
