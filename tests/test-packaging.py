#!/usr/bin/env python3
# test-packaging.py
# Checks the desktop integration files, the Flatpak manifest and the
# translations. One check per invocation: test-packaging.py CHECK ARGS…
# Exits 0 when the check passes, 1 with a message per problem otherwise.

import configparser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

APP_ID = "io.github.kechuang.Kechuang"

problems = []


def fail(message):
    problems.append(message)


def run(argv):
    """Runs a validator; a non-zero exit is a problem, with its output."""
    try:
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    except FileNotFoundError:
        fail("%s is not installed" % argv[0])
        return ""
    if result.returncode != 0:
        fail("`%s` exited with %d:\n%s" % (" ".join(argv), result.returncode,
                                            result.stdout.strip()))
    return result.stdout


def check_desktop(desktop_path, source_root):
    run(["desktop-file-validate", desktop_path])

    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    with open(desktop_path, encoding="utf-8") as f:
        parser.read_file(f)
    entry = parser["Desktop Entry"]

    expected = {
        "Type": "Application",
        "Name": "Kechuang",
        "Icon": APP_ID,
        "StartupNotify": "true",
        "Terminal": "false",
    }
    for key, value in expected.items():
        if entry.get(key) != value:
            fail("%s=%r, expected %r" % (key, entry.get(key), value))
    if entry.get("Exec", "").split() != ["kechuang", "%F"]:
        fail("Exec=%r, expected 'kechuang %%F'" % entry.get("Exec"))
    if "text/csv" not in entry.get("MimeType", "").split(";"):
        fail("MimeType does not list text/csv")
    categories = entry.get("Categories", "").split(";")
    for category in ("Office", "Science", "DataVisualization"):
        if category not in categories:
            fail("Categories lacks %s" % category)

    # The Chinese strings come from po/zh_CN.po through merge_file.
    if entry.get("Name[zh_CN]") != "科创看板":
        fail("Name[zh_CN]=%r, expected '科创看板'" % entry.get("Name[zh_CN]"))
    for key in ("Comment", "GenericName", "Keywords"):
        english = entry.get(key)
        chinese = entry.get(key + "[zh_CN]")
        if not english:
            fail("%s is missing" % key)
        elif not chinese or chinese == english:
            fail("%s[zh_CN] is missing or not translated" % key)
    if not entry.get("Keywords[zh_CN]", "").endswith(";"):
        fail("Keywords[zh_CN] must end with ';'")

    for folder, name in (("scalable", APP_ID + ".svg"),
                         ("symbolic", APP_ID + "-symbolic.svg")):
        path = os.path.join(source_root, "data", "icons", "hicolor", folder, "apps", name)
        try:
            svg = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as error:
            fail("icon %s: %s" % (path, error))
            continue
        size = "16" if folder == "symbolic" else "128"
        if svg.get("width") != size or svg.get("height") != size:
            fail("icon %s is not %sx%s" % (path, size, size))


def check_metainfo(metainfo_path, version):
    run(["appstreamcli", "validate", "--no-net", metainfo_path])

    root = ET.parse(metainfo_path).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def text(tag):
        element = root.find(tag)
        return element.text.strip() if element is not None and element.text else None

    if root.get("type") != "desktop-application":
        fail("component type is %r" % root.get("type"))
    if text("id") != APP_ID:
        fail("id is %r" % text("id"))
    if text("launchable") != APP_ID + ".desktop":
        fail("launchable is %r" % text("launchable"))
    if text("provides/binary") != "kechuang":
        fail("provides/binary is %r" % text("provides/binary"))
    if text("project_license") != "GPL-3.0-or-later":
        fail("project_license is %r" % text("project_license"))
    rating = root.find("content_rating")
    if rating is None or rating.get("type") != "oars-1.1":
        fail("content_rating oars-1.1 is missing")
    if root.find("url[@type='homepage']") is None:
        fail("homepage url is missing")

    releases = [r.get("version") for r in root.findall("releases/release")]
    if version not in releases:
        fail("no <release> for the project version %s (found %s)" % (version, releases))

    summaries = {s.get(lang): s.text for s in root.findall("summary")}
    if not summaries.get("zh_CN") and not summaries.get("zh-CN"):
        fail("the summary has no zh_CN translation")
    chinese_paragraphs = [p for p in root.findall("description/p")
                          if p.get(lang) in ("zh_CN", "zh-CN")]
    english_paragraphs = [p for p in root.findall("description/p") if p.get(lang) is None]
    if len(chinese_paragraphs) != len(english_paragraphs):
        fail("%d description paragraphs, %d translated to zh_CN"
             % (len(english_paragraphs), len(chinese_paragraphs)))


def check_schema(schema_dir):
    run(["glib-compile-schemas", "--strict", "--dry-run", schema_dir])


def check_manifest(manifest_path):
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as error:
        fail("%s: %s" % (manifest_path, error))
        return

    if os.path.basename(manifest_path) != APP_ID + ".json":
        fail("the manifest is not named after the app id")
    expected = {
        "id": APP_ID,
        "runtime": "org.gnome.Platform",
        "runtime-version": "50",
        "sdk": "org.gnome.Sdk",
        "command": "kechuang",
    }
    for key, value in expected.items():
        if manifest.get(key) != value:
            fail("%s is %r, expected %r" % (key, manifest.get(key), value))

    # Files reach the app through portals only.
    finish_args = ["--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"]
    if sorted(manifest.get("finish-args", [])) != sorted(finish_args):
        fail("finish-args are %r, expected exactly %r" % (manifest.get("finish-args"), finish_args))

    modules = {m.get("name"): m for m in manifest.get("modules", []) if isinstance(m, dict)}
    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
    if names[-1:] != ["kechuang"]:
        fail("the last module must be kechuang, modules are %r" % names)

    libcsv = modules.get("libcsv")
    if libcsv is None:
        fail("no libcsv module")
    else:
        if libcsv.get("buildsystem") != "autotools":
            fail("libcsv buildsystem is %r" % libcsv.get("buildsystem"))
        archive = {
            "type": "archive",
            "url": "https://downloads.sourceforge.net/project/libcsv/libcsv/libcsv-3.0.3/libcsv-3.0.3.tar.gz",
            "sha256": "d9c0431cb803ceb9896ce74f683e6e5a0954e96ae1d9e4028d6e0f967bebd7e4",
        }
        if libcsv.get("sources") != [archive]:
            fail("libcsv sources are %r, expected [%r]" % (libcsv.get("sources"), archive))

    app = modules.get("kechuang")
    if app is not None:
        if app.get("buildsystem") != "meson":
            fail("kechuang buildsystem is %r" % app.get("buildsystem"))
        if app.get("sources") != [{"type": "dir", "path": ".."}]:
            fail("kechuang sources are %r" % app.get("sources"))
        if "-Dbenchmarks=false" not in app.get("config-opts", []):
            fail("kechuang config-opts lack -Dbenchmarks=false")


# The keywords and flags of meson's i18n.gettext(preset: 'glib').
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printf:1:c-format",
]

GLIB_FORMAT_IN_MESSAGE = re.compile(
    r'(?<![A-Za-z0-9_])N?_\(\s*"(?:\\.|[^"\\\n])*"\s*(G_G?[A-Z0-9]*_(?:FORMAT|MODIFIER))\b')
C_MARKERS = re.compile(r"(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)\s*\(")


def has_translatable_strings(path):
    if path.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            content = f.read()
    except (OSError, UnicodeDecodeError):
        return False
    if path.endswith(".ui"):
        return 'translatable="yes"' in content
    if path.endswith((".c", ".h")):
        # Drop comments and string contents so that "_(" inside them
        # does not count.
        content = re.sub(r"/\*.*?\*/", "", content, flags=re.S)
        content = re.sub(r"//[^\n]*", "", content)
        content = re.sub(r'"(\\.|[^"\\\n])*"', '""', content)
        return C_MARKERS.search(content) is not None
    return False


def check_translations(source_root, scratch_dir):
    po_dir = os.path.join(source_root, "po")

    with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.startswith("#")]
    for path in listed:
        if not os.path.isfile(os.path.join(source_root, path)):
            fail("po/POTFILES.in lists %s, which does not exist" % path)
    if listed != sorted(listed):
        fail("po/POTFILES.in is not sorted")

    found = []
    for top in ("src", "ui", "data"):
        for folder, dirs, files in os.walk(os.path.join(source_root, top)):
            dirs[:] = sorted(d for d in dirs if d != "datasets")
            for name in sorted(files):
                path = os.path.relpath(os.path.join(folder, name), source_root)
                if has_translatable_strings(os.path.join(source_root, path)):
                    found.append(path)
    for path in found:
        if path not in listed:
            fail("%s has translatable strings but is not in po/POTFILES.in" % path)

    # A GLib format macro pasted into a message hides the rest of it from
    # xgettext: the message looked up at run time is never in the catalogue.
    for path in listed:
        if not path.endswith(".c") or not os.path.isfile(os.path.join(source_root, path)):
            continue
        with open(os.path.join(source_root, path), encoding="utf-8") as f:
            content = f.read()
        for match in GLIB_FORMAT_IN_MESSAGE.finditer(content):
            line = content.count("\n", 0, match.start()) + 1
            fail("%s:%d: %s inside a translatable string; xgettext cannot see past it "
                 "(use \"%%\" PRIu64 from <inttypes.h>, which gettext understands)"
                 % (path, line, match.group(1)))

    # A fresh template from the sources: every message in it must be
    # translated, whatever state the .po files were last merged in.
    os.makedirs(scratch_dir, exist_ok=True)
    pot = os.path.join(scratch_dir, "kechuang.pot")
    before = len(problems)
    output = run(["xgettext", "--package-name=kechuang", "--directory=" + source_root,
                  "--files-from=" + os.path.join(po_dir, "POTFILES.in"), "--output=" + pot]
                 + XGETTEXT_ARGS)
    if len(problems) > before:
        return
    for line in output.splitlines():
        if "warning:" in line:
            fail("xgettext: " + line.strip())

    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f if not line.startswith("#") for w in line.split()]
    if "zh_CN" not in languages:
        fail("po/LINGUAS does not list zh_CN")

    for language in languages:
        po = os.path.join(po_dir, language + ".po")
        statistics = run(["msgfmt", "--check", "--statistics", "--output-file=/dev/null", po]).strip()
        if "fuzzy" in statistics or "untranslated" in statistics:
            fail("%s is incomplete: %s" % (po, statistics.splitlines()[-1]))
        # msgcmp counts untranslated and fuzzy messages as missing.
        run(["msgcmp", "--no-fuzzy-matching", po, pot])


def main(argv):
    checks = {
        "desktop": (check_desktop, 2),
        "metainfo": (check_metainfo, 2),
        "schema": (check_schema, 1),
        "manifest": (check_manifest, 1),
        "translations": (check_translations, 2),
    }
    if len(argv) < 2 or argv[1] not in checks or len(argv) - 2 != checks[argv[1]][1]:
        print("usage: %s desktop FILE SRCDIR | metainfo FILE VERSION | schema DIR | "
              "manifest FILE | translations SRCDIR SCRATCHDIR" % argv[0], file=sys.stderr)
        return 2

    function, _ = checks[argv[1]]
    function(*argv[2:])
    for problem in problems:
        print("%s: %s" % (argv[1], problem), file=sys.stderr)
    if not problems:
        print("%s: ok" % argv[1])
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
