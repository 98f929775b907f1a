#!/usr/bin/env python3
"""Builds the compact resources of Emotion.ML.Text from Debian's Unicode and WordNet data.

Inputs (Debian packages): unicode-data (/usr/share/unicode/emoji/emoji-test.txt) and
wordnet-base (/usr/share/wordnet/index.* and *.exc). Outputs, next to this script:
  emoji.tsv.gz               "HEX HEX ...<TAB>name" (variation selectors and skin tones removed)
  wordnet-lemmas.tsv.gz      "lemma<TAB>mask" (1 noun, 2 verb, 4 adjective, 8 adverb)
  wordnet-exceptions.tsv.gz  "pos<TAB>inflected<TAB>base" (pos one of n v a r)
Run: /usr/bin/python3 src/Emotion.ML/Text/Resources/generate.py
"""
import gzip
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
EMOJI_TEST = "/usr/share/unicode/emoji/emoji-test.txt"
WORDNET = "/usr/share/wordnet"
WORD = re.compile(r"^[a-z]+$")
SKIPPED = {0xFE0E, 0xFE0F} | set(range(0x1F3FB, 0x1F400))


def write(name, lines):
    # mtime=0 keeps the output byte-identical between runs.
    with open(os.path.join(HERE, name), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(("\n".join(lines) + "\n").encode("utf-8"))


def clean_name(name):
    parts = name.split(": ", 1)
    if len(parts) == 2:
        kept = [p for p in parts[1].split(", ") if "skin tone" not in p]
        name = parts[0] + (" " + " ".join(kept) if kept else "")
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def emoji():
    names = {}
    for line in open(EMOJI_TEST, encoding="utf-8"):
        if line.startswith("#") or ";" not in line:
            continue
        codes, rest = line.split(";", 1)
        status = rest.split("#", 1)[0].strip()
        name = rest.split("#", 1)[1].strip().split(" ", 2)[2]
        points = [int(c, 16) for c in codes.split()]
        key = [p for p in points if p not in SKIPPED]
        if not key or (status == "component" and len(points) == 1 and points[0] in SKIPPED):
            continue
        text = clean_name(name)
        if text:
            names.setdefault(" ".join("%X" % p for p in key), text)
    return ["%s\t%s" % kv for kv in sorted(names.items())]


def lemmas():
    masks = {}
    for bit, pos in ((1, "noun"), (2, "verb"), (4, "adj"), (8, "adv")):
        for line in open(os.path.join(WORDNET, "index." + pos), encoding="utf-8"):
            if line.startswith(" "):
                continue
            word = line.split(" ", 1)[0]
            if WORD.match(word):
                masks[word] = masks.get(word, 0) | bit
    return ["%s\t%d" % kv for kv in sorted(masks.items())]


def exceptions():
    out = []
    for tag, pos in (("v", "verb"), ("n", "noun"), ("a", "adj"), ("r", "adv")):
        for line in open(os.path.join(WORDNET, pos + ".exc"), encoding="utf-8"):
            words = line.split()
            if len(words) >= 2 and WORD.match(words[0]) and WORD.match(words[1]):
                out.append("%s\t%s\t%s" % (tag, words[0], words[1]))
    return out


if __name__ == "__main__":
    write("emoji.tsv.gz", emoji())
    write("wordnet-lemmas.tsv.gz", lemmas())
    write("wordnet-exceptions.tsv.gz", exceptions())
