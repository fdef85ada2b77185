#!/usr/bin/env python3
"""Checks an /export archive: data.json against the schema, the user's words inside, every
photo present and without metadata (no EXIF/XMP segment), the pictures listed present.
Usage: check_export.py ARCHIVE SCHEMA WORDS; prints what it found, exits 1 on a problem."""
import json
import sys
import zipfile

import jsonschema

archive, schema_path, words = sys.argv[1:4]
with zipfile.ZipFile(archive) as z:
    assert z.testzip() is None, "a damaged entry"
    names = set(z.namelist())
    assert "README.txt" in names and "data.json" in names, names
    data = json.loads(z.read("data.json"))
    jsonschema.Draft202012Validator(json.load(open(schema_path)),
                                    format_checker=jsonschema.FormatChecker()).validate(data)
    assert words in json.dumps(data, ensure_ascii=False), "the user's words are missing"
    for photo in data["photos"]:
        jpeg = z.read(photo["file"])
        assert jpeg[:2] == b"\xff\xd8", photo["file"]
        assert b"Exif\x00\x00" not in jpeg and b"http://ns.adobe.com/xap" not in jpeg, photo["file"] + " has metadata"
    for photo in data.get("heldPhotos", []):
        jpeg = z.read(photo["file"])
        assert jpeg[:2] == b"\xff\xd8", photo["file"]
        assert b"Exif\x00\x00" not in jpeg and b"http://ns.adobe.com/xap" not in jpeg, photo["file"] + " has metadata"
    for picture in data["pictures"]:
        assert picture["file"] in names, picture["file"]
    print("photos=%d pictures=%s held=%d" % (len(data["photos"]), ",".join(p["kind"] for p in data["pictures"]),
                                             len(data.get("heldPhotos", []))))
