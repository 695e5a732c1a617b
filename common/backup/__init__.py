"""Backup and restore of the whole portal: the database and the uploaded files.

One archive (tar.gz) holds a manifest first (`manifest.json`: database vendor, time,
migration heads, every file with its size and sha256), then the database dump under
`database/` and MEDIA_ROOT under `media/`. The management commands `portal_backup` and
`portal_restore` call `services`; nothing here knows the domain apps.
"""
