"""Gazetir wilayah: finds the provinces, kabupaten/kota and kecamatan an Indonesian text mentions.

Pure (no ORM): ``Gazetteer.build`` takes plain ``(code, level, name, parent_code)`` tuples;
``load_gazetteer()`` reads them from the Region table once per process.

Rules (docs/early-warning.md, "Triase teks"):

- **Longest match first** over word tokens: "Papua Barat Daya" before "Papua Barat" before
  "Papua"; "Bandung Barat" before "Bandung"; "Banda Aceh" before "Aceh".
- **Designators** in front of a name fix its level: "Kabupaten/Kab./Kab X" → kabupaten,
  "Kota/Kota Administrasi X" → kota, "Provinsi/Prov. X" → province, "Kecamatan/Kec./Distrik X"
  → kecamatan. Designators are case-insensitive.
- **Context words** hint at a level: "Bupati/Pemkab X" → kabupaten, "Wali Kota/Pemkot/Polresta
  X" → kota, "Gubernur/Pemprov/Polda X" → province.
- **Kecamatan** are matched only after a designator (7,285 names, many of them ordinary words:
  "Baru", "Pasar", "Muara", "Tanah", "Kota", "Tengah", ...); a kecamatan name shared by several
  kecamatan is resolved by a kabupaten/kota or province named in the same text, otherwise it
  stays unresolved (candidates listed, not counted).
- **Bare names** (no designator) must be capitalised as in the official name (in a text that is
  neither all-capitals nor all-lowercase); short forms in capitals (NTB, DIY, TTS, ...) must
  match exactly. A short list of names that are also ordinary words or personal names
  (``GENERIC_NAMES``: Batu, Malang, Medan, Padang, Agam, Bangli, Puncak, Bima, Palu, ...) needs a
  designator, a context word or a place preposition in front ("di/ke/dari/wilayah Batu").
- **A bare name shared by several regions** is resolved in this order: a designator or context
  word; the same region named explicitly elsewhere in the text; a kecamatan of the text lying in
  one of them, or named bare just before it with a comma ("Cibinong, Bogor"); a province of
  the text containing exactly one of them; the level of the other kabupaten/kota the text names
  in that province ("Bekasi, Karawang dan Purwakarta" → kabupaten); otherwise the default —
  a name shared by a province and a city (Jambi, Bengkulu, Gorontalo, Yogyakarta) means the
  **province**, a name shared by a kabupaten and a kota (Bandung, Bogor, Malang, ...) means the
  **kota** (the city carries the bare name in common usage; news writes "Kabupaten Bogor" when it
  means the regency), with a lower confidence and the alternatives listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

PROVINSI = "provinsi"
KABUPATEN = "kabupaten"
KOTA = "kota"
KECAMATAN = "kecamatan"
KABKOTA = (KABUPATEN, KOTA)
LEVELS = (PROVINSI, KABUPATEN, KOTA, KECAMATAN)

# Confidence of a mention by how it was resolved.
CONF_DESIGNATED = 0.98
CONF_SHORT_FORM = 0.95
CONF_CONTEXT = 0.9
CONF_UNIQUE = 0.9
CONF_SAME_TEXT = 0.9
CONF_KECAMATAN_IN_TEXT = 0.85
CONF_KECAMATAN_UNIQUE = 0.85
CONF_PROVINCE_IN_TEXT = 0.8
CONF_NEIGHBOURS = 0.7
CONF_GENERIC_WITH_PREPOSITION = 0.7
CONF_DEFAULT_PROVINCE = 0.7
CONF_DEFAULT_KOTA = 0.6
CONF_UNRESOLVED = 0.3
# A mention below this confidence is shown as a candidate, not counted as found.
MIN_CONFIDENCE = 0.5

MAX_NAME_TOKENS = 6

PROVINCE_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "11": ("NAD", "Nanggroe Aceh Darussalam"),
    "12": ("Sumut", "Sumatra Utara"),
    "13": ("Sumbar", "Sumatra Barat"),
    "14": (),
    "15": (),
    "16": ("Sumsel", "Sumatra Selatan"),
    "17": (),
    "18": (),
    "19": ("Babel", "Bangka Belitung", "Kep. Bangka Belitung"),
    "21": ("Kepri", "Kep. Riau"),
    "31": ("DKI", "DKI Jakarta", "Jakarta", "DK Jakarta", "Daerah Khusus Jakarta"),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DIY", "DI Yogyakarta", "D.I. Yogyakarta", "Yogyakarta", "Jogja", "Yogya", "Jogjakarta"),
    "35": ("Jatim",),
    "36": (),
    "51": (),
    "52": ("NTB",),
    "53": ("NTT",),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra",),
    "75": (),
    "76": ("Sulbar",),
    "81": (),
    "82": ("Malut",),
    "91": (),
    "92": ("Pabar",),
    "93": ("Papsel",),
    "94": ("Papteng",),
    "95": ("Papeg",),
    "96": ("PBD",),
}

# Common short forms and spellings of kabupaten/kota names (besides the official bare name and
# its joined/split spellings, generated automatically).
KABKOTA_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "12.02": ("Taput",),
    "12.01": ("Tapteng",),
    "12.03": ("Tapsel",),
    "12.10": ("Labuhan Batu",),
    "12.13": ("Madina",),
    "12.16": ("Humbahas",),
    "12.18": ("Sergai",),
    "12.20": ("Paluta",),
    "12.21": ("Palas",),
    "12.22": ("Labuhan Batu Selatan", "Labusel"),
    "12.23": ("Labuhan Batu Utara", "Labura"),
    "12.72": ("Pematang Siantar", "Siantar"),
    "12.74": ("Tanjung Balai",),
    "12.77": ("Padang Sidimpuan", "Padang Sidempuan", "Padangsidempuan"),
    "12.78": ("Gunung Sitoli",),
    "13.07": ("Limapuluh Kota",),
    "13.09": ("Mentawai",),
    "13.73": ("Sawah Lunto",),
    "13.75": ("Bukit Tinggi",),
    "14.10": ("Meranti",),
    "15.04": ("Batang Hari",),
    "15.06": ("Tanjabbar",),
    "15.07": ("Tanjabtim",),
    "16.01": ("OKU",),
    "16.02": ("OKI",),
    "16.06": ("Muba",),
    "16.08": ("OKU Timur",),
    "16.09": ("OKU Selatan",),
    "16.12": ("PALI",),
    "16.13": ("Muratara",),
    "16.72": ("Pagaralam",),
    "17.06": ("Muko Muko", "Muko-Muko"),
    "21.05": ("Anambas",),
    "31.01": ("Kepulauan Seribu",),
    "31.71": ("Jakpus",),
    "31.72": ("Jakut",),
    "31.73": ("Jakbar",),
    "31.74": ("Jaksel",),
    "31.75": ("Jaktim",),
    "32.17": ("KBB",),
    "34.03": ("Gunung Kidul",),
    "34.71": ("Jogja", "Yogya", "Jogjakarta"),
    "36.74": ("Tangsel",),
    "33.72": ("Solo",),
    "52.01": ("Lobar",),
    "52.02": ("Loteng",),
    "52.03": ("Lotim",),
    "52.08": ("KLU",),
    "53.02": ("TTS",),
    "53.03": ("TTU",),
    "53.18": ("SBD",),
    "62.01": ("Kobar",),
    "62.02": ("Kotim",),
    "62.71": ("Palangka Raya",),
    "63.06": ("HSS",),
    "63.07": ("HST",),
    "63.08": ("HSU",),
    "63.72": ("Banjar Baru",),
    "64.02": ("Kukar",),
    "64.07": ("Kubar",),
    "64.08": ("Kutim",),
    "64.09": ("PPU",),
    "71.01": ("Bolmong",),
    "71.03": ("Sangihe",),
    "71.04": ("Talaud",),
    "71.09": ("Sitaro", "Kepulauan Siau Tagulandang Biaro"),
    "72.09": ("Touna",),
    "73.01": ("Selayar",),
    "73.10": ("Pangkep",),
    "73.14": ("Sidrap",),
    "73.22": ("Lutra",),
    "73.24": ("Lutim",),
    "73.26": ("Torut",),
    "73.72": ("Pare-Pare",),
    "74.72": ("Baubau", "Bau-Bau"),
    "76.04": ("Polman",),
    "81.01": ("Malteng",),
    "81.02": ("Malra",),
    "81.03": ("Tanimbar",),
    "81.05": ("SBT",),
    "81.06": ("SBB",),
    "81.07": ("Aru",),
    "81.08": ("MBD",),
    "82.01": ("Halbar",),
    "82.02": ("Halteng",),
    "82.03": ("Halut",),
    "82.04": ("Halsel",),
    "82.05": ("Sula",),
    "82.06": ("Haltim",),
    "82.07": ("Morotai",),
    "82.08": ("Taliabu",),
    "82.72": ("Tidore",),
    "91.05": ("Yapen",),
    "91.06": ("Biak",),
    "92.03": ("Fakfak", "Fak-Fak"),
    "92.06": ("Bintuni",),
    "95.02": ("Pegubin",),
}

# Bare names that are also ordinary words or personal names: they count only with a designator,
# a context word, or a place preposition in front (lowercased, joined with single spaces).
GENERIC_NAMES = frozenset(
    {
        "agam",
        "badung",
        "banjar",
        "bangli",
        "batang",
        "batu",
        "batu bara",
        "bima",
        "buru",
        "kapuas",
        "kudus",
        "kuningan",
        "lahat",
        "landak",
        "lebak",
        "lingga",
        "malang",
        "medan",
        "metro",
        "padang",
        "palu",
        "pati",
        "puncak",
        "seram",
        "solo",
        "tegal",
        "toba",
    }
)

DESIGNATORS: dict[tuple[str, ...], str] = {
    ("kabupaten", "administrasi"): KABUPATEN,
    ("kota", "administrasi"): KOTA,
    ("kabupaten",): KABUPATEN,
    ("kab",): KABUPATEN,
    ("kota",): KOTA,
    ("kotamadya",): KOTA,
    ("provinsi",): PROVINSI,
    ("propinsi",): PROVINSI,
    ("prov",): PROVINSI,
    ("kecamatan",): KECAMATAN,
    ("kec",): KECAMATAN,
    ("distrik",): KECAMATAN,
}
CONTEXT_WORDS: dict[tuple[str, ...], str] = {
    ("bupati",): KABUPATEN,
    ("pemkab",): KABUPATEN,
    ("wali", "kota"): KOTA,
    ("walikota",): KOTA,
    ("pemkot",): KOTA,
    ("polresta",): KOTA,
    ("polrestabes",): KOTA,
    ("gubernur",): PROVINSI,
    ("pemprov",): PROVINSI,
    ("polda",): PROVINSI,
    ("kapolda",): PROVINSI,
    ("pangdam",): PROVINSI,
}
PREPOSITIONS = frozenset({"di", "ke", "dari", "wilayah", "daerah", "kawasan", "asal", "warga", "sekitar"})
# Abbreviations whose full stop may sit inside a name or between a designator and a name.
ABBREVIATIONS = frozenset({"kab", "kec", "prov", "kep", "gn", "bts", "d", "i"})

TOKEN_RE = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:['’][0-9A-Za-zÀ-ÿ]+)*")
GAP_RE = re.compile(r"\s{1,3}|\s?[-/]\s?|\.\s?")


@dataclass(frozen=True)
class Place:
    """Wilayah: one region of the gazetteer."""

    code: str
    level: str
    name: str

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def kabkota_code(self) -> str | None:
        return self.code[:5] if self.code.count(".") >= 1 else None


@dataclass(frozen=True)
class Mention:
    """One place named in a text: the span, the region it was resolved to (``None`` when still
    ambiguous), the candidates, a confidence and the rule that decided."""

    start: int
    end: int
    surface: str
    place: Place | None
    candidates: tuple[Place, ...]
    confidence: float
    reason: str

    @property
    def counted(self) -> bool:
        return self.place is not None and self.confidence >= MIN_CONFIDENCE


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]  # as written in the alias (case kept) for the capitalisation check
    codes: tuple[str, ...]
    exact_case: bool  # an all-capitals short form (NTB, TTS): case-sensitive


@dataclass
class _Raw:
    start: int
    end: int
    token_index: int
    token_end: int
    key: tuple[str, ...]
    candidates: list[Place]
    designated: str | None
    hinted: str | None
    short_form: bool
    generic_preposition: bool
    # kabupaten/kota of a kecamatan named bare just before, with a comma ("Cibinong, Bogor")
    comma_kabkota: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Token:
    lower: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group().lower(), m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def _bare_name(official: str, level: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if level in KABKOTA and official.startswith(prefix):
            return official[len(prefix) :]
    return official


def _spellings(name: str) -> set[str]:
    """The official bare name with its joined and split spellings ("Toli-Toli"/"Tolitoli",
    "Bau Bau"/"Baubau", "Sumatera"/"Sumatra") and without a parenthesised part."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    out = {name}
    words = re.split(r"[\s\-]+", name)
    if len(words) == 2:
        out.add(words[0] + words[1].lower())
    if "Sumatera" in name:
        out.add(name.replace("Sumatera", "Sumatra"))
    return out


@dataclass
class Gazetteer:
    """Gazetir: name index over provinces, kabupaten/kota and kecamatan."""

    places: dict[str, Place] = field(default_factory=dict)
    # lowercased token tuple → aliases (provinces and kabupaten/kota; bare matching allowed)
    names: dict[tuple[str, ...], list[_Alias]] = field(default_factory=dict)
    # lowercased token tuple → kecamatan codes (only after a designator)
    kecamatan: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[Sequence[str | None]]) -> Gazetteer:
        """``rows``: ``(code, level, name, parent_code)``; levels below kecamatan are ignored."""
        gaz = cls()
        for code, level, name, _parent in rows:
            if level not in LEVELS or not code or not name:
                continue
            gaz.places[code] = Place(code, level, name)
        for place in gaz.places.values():
            if place.level == KECAMATAN:
                for spelling in _spellings(place.name):
                    key = tuple(t.lower for t in _tokens(spelling))
                    if key and len(key) <= MAX_NAME_TOKENS:
                        gaz.kecamatan.setdefault(key, []).append(place.code)
                continue
            spellings = _spellings(_bare_name(place.name, place.level))
            if place.level == PROVINSI:
                spellings |= set(PROVINCE_SHORT_FORMS.get(place.code, ()))
            else:
                spellings |= set(KABKOTA_SHORT_FORMS.get(place.code, ()))
            for spelling in spellings:
                gaz._add(spelling, place.code)
        return gaz

    def _add(self, spelling: str, code: str) -> None:
        toks = tuple(t.text for t in _tokens(spelling))
        if not toks or len(toks) > MAX_NAME_TOKENS:
            return
        key = tuple(t.lower() for t in toks)
        exact = len(toks) == 1 and toks[0].isupper() and len(toks[0]) >= 2
        bucket = self.names.setdefault(key, [])
        for i, alias in enumerate(bucket):
            if alias.tokens == toks:
                if code not in alias.codes:
                    bucket[i] = _Alias(toks, (*alias.codes, code), exact)
                return
        bucket.append(_Alias(toks, (code,), exact))

    # --- finding -------------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Every place the text names, in text order, each resolved or with its candidates."""
        tokens = _tokens(text)
        letters = [c for c in text if c.isalpha()]
        uppers = sum(c.isupper() for c in letters)
        # An all-capitals headline or an all-lowercase chat message says nothing by case.
        case_blind = bool(letters) and (uppers / len(letters) > 0.7 or uppers / len(letters) < 0.01)
        raws: list[_Raw] = []
        i = 0
        while i < len(tokens):
            raw = self._match_at(text, tokens, i, case_blind)
            if raw is None:
                i += 1
                continue
            raws.append(raw)
            i = raw.token_end
        return self._resolve(text, raws)

    def _connected(self, text: str, tokens: list[_Token], a: int, b: int) -> bool:
        """Whether tokens a..b (inclusive) form one phrase: only spaces, hyphens, slashes or an
        abbreviation's full stop between them."""
        for k in range(a, b):
            gap = text[tokens[k].end : tokens[k + 1].start]
            if not GAP_RE.fullmatch(gap):
                return False
            if "." in gap and tokens[k].lower not in ABBREVIATIONS:
                return False
        return True

    def _before(self, text: str, tokens: list[_Token], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int]:
        """The entry of ``table`` ending just before token i: (level, first token index)."""
        for length in (2, 1):
            a = i - length
            if a < 0:
                continue
            key = tuple(t.lower for t in tokens[a:i])
            if key in table and self._connected(text, tokens, a, i):
                return table[key], a
        return "", i

    def _capitalised(self, alias: _Alias, found: list[_Token], case_blind: bool) -> bool:
        if alias.exact_case:
            return found[0].text == alias.tokens[0]
        if case_blind:
            return True
        for want, got in zip(alias.tokens, found, strict=True):
            if want[:1].isupper() and not (got.text[:1].isupper() or got.text[:1].isdigit()):
                return False
        return True

    def _match_at(self, text: str, tokens: list[_Token], i: int, case_blind: bool) -> _Raw | None:
        designated, d_start = self._before(text, tokens, i, DESIGNATORS)
        hinted, _h = self._before(text, tokens, d_start, CONTEXT_WORDS)
        if not designated:
            hinted = hinted or self._before(text, tokens, i, CONTEXT_WORDS)[0]
        for length in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            j = i + length
            key = tuple(t.lower for t in tokens[i:j])
            if length > 1 and not self._connected(text, tokens, i, j - 1):
                continue
            start = tokens[d_start].start if designated else tokens[i].start
            end = tokens[j - 1].end
            if designated == KECAMATAN:
                codes = self.kecamatan.get(key)
                if codes:
                    cands = [self.places[c] for c in codes]
                    return _Raw(start, end, i, j, key, cands, KECAMATAN, None, False, False)
                continue
            aliases = self.names.get(key)
            if not aliases:
                continue
            found = tokens[i:j]
            if designated:
                codes_set = {c for a in aliases for c in a.codes if self.places[c].level == designated}
                if codes_set:
                    cands = [self.places[c] for c in sorted(codes_set)]
                    return _Raw(start, end, i, j, key, cands, designated, hinted or None, False, False)
                # "kota Garut": the town of a kabupaten, which has no kota of that name.
                other = {c for a in aliases for c in a.codes if self.places[c].level in KABKOTA}
                if designated in KABKOTA and other:
                    cands = [self.places[c] for c in sorted(other)]
                    return _Raw(start, end, i, j, key, cands, None, None, False, False)
                continue
            usable = [a for a in aliases if self._capitalised(a, found, case_blind)]
            if not usable:
                continue
            codes_list = sorted({c for a in usable for c in a.codes})
            # A context word of another level says nothing about this name ("Polda Metro Jaya"
            # is not Kota Metro).
            hint = hinted if any(self.places[c].level == hinted for c in codes_list) else ""
            generic = " ".join(key) in GENERIC_NAMES and not hint
            preposition = i > 0 and tokens[i - 1].lower in PREPOSITIONS and self._connected(text, tokens, i - 1, i)
            if generic and (not preposition or case_blind):
                continue
            short = all(
                " ".join(a.tokens) != _bare_name(self.places[c].name, self.places[c].level)
                for a in usable
                for c in a.codes
            )
            cands = [self.places[c] for c in codes_list]
            comma = self._kecamatan_before_comma(text, tokens, i) if len(cands) > 1 else frozenset()
            return _Raw(start, end, i, j, key, cands, None, hint or None, short, generic, comma)
        return None

    def _kecamatan_before_comma(self, text: str, tokens: list[_Token], i: int) -> frozenset[str]:
        if i == 0 or not re.fullmatch(r",\s*", text[tokens[i - 1].end : tokens[i].start]):
            return frozenset()
        out: set[str] = set()
        for length in (3, 2, 1):
            a = i - length
            if a < 0 or (length > 1 and not self._connected(text, tokens, a, i - 1)):
                continue
            out.update(code[:5] for code in self.kecamatan.get(tuple(t.lower for t in tokens[a:i]), []))
        return frozenset(out)

    # --- resolving -----------------------------------------------------------------------------

    def _resolve(self, text: str, raws: list[_Raw]) -> list[Mention]:
        decided: dict[int, tuple[Place | None, float, str]] = {}
        # 1. unique candidates, designators and context words
        for n, raw in enumerate(raws):
            cands = raw.candidates
            if raw.designated == KECAMATAN:
                continue
            if raw.hinted and len(cands) > 1:
                hinted = [p for p in cands if p.level == raw.hinted]
                if len(hinted) == 1:
                    decided[n] = (hinted[0], CONF_CONTEXT, "kata konteks")
                    continue
            if len(cands) == 1:
                p = cands[0]
                if raw.designated:
                    decided[n] = (p, CONF_DESIGNATED, "penanda tingkat")
                elif raw.generic_preposition:
                    decided[n] = (p, CONF_GENERIC_WITH_PREPOSITION, "nama umum dengan kata depan tempat")
                elif raw.hinted:
                    decided[n] = (p, CONF_CONTEXT, "kata konteks")
                elif raw.short_form:
                    decided[n] = (p, CONF_SHORT_FORM, "singkatan")
                else:
                    decided[n] = (p, CONF_UNIQUE, "nama tunggal")
        explicit_places = [p for p, _c, _r in decided.values() if p is not None]
        explicit = {p.code for p in explicit_places}
        provinces = {code[:2] for code in explicit}
        kabkota = {code[:5] for code in explicit if "." in code}
        # 2. kecamatan: by a kabupaten/kota, then a province of the text, else unique
        for n, raw in enumerate(raws):
            if raw.designated != KECAMATAN:
                continue
            cands = raw.candidates
            inside = [p for p in cands if p.kabkota_code in kabkota]
            if len(inside) == 1:
                decided[n] = (inside[0], CONF_DESIGNATED, "kecamatan dalam kabupaten/kota yang disebut")
            elif len(cands) == 1:
                decided[n] = (cands[0], CONF_KECAMATAN_UNIQUE, "nama kecamatan tunggal")
            else:
                in_prov = [p for p in (inside or cands) if p.province_code in provinces]
                if len(in_prov) == 1:
                    decided[n] = (in_prov[0], CONF_PROVINCE_IN_TEXT, "kecamatan dalam provinsi yang disebut")
                else:
                    decided[n] = (None, CONF_UNRESOLVED, "nama kecamatan ganda")
        kecamatan_kabkota = {
            p.kabkota_code for n, (p, _c, _r) in decided.items() if p is not None and p.level == KECAMATAN
        }
        # 3. shared bare names
        for n, raw in enumerate(raws):
            if n in decided:
                continue
            cands = raw.candidates
            if raw.designated:
                cands = [p for p in cands if p.level == raw.designated] or cands
            same = [p for p in cands if p.code in explicit]
            if len(same) == 1:
                decided[n] = (same[0], CONF_SAME_TEXT, "wilayah yang sama disebut lengkap")
                continue
            with_kec = [p for p in cands if p.code in kecamatan_kabkota]
            if len(with_kec) == 1:
                decided[n] = (with_kec[0], CONF_KECAMATAN_IN_TEXT, "kecamatannya disebut")
                continue
            by_comma = [p for p in cands if p.code in raw.comma_kabkota]
            if len(by_comma) == 1:
                decided[n] = (by_comma[0], CONF_KECAMATAN_IN_TEXT, "kecamatan di depannya")
                continue
            in_prov = [p for p in cands if p.level != PROVINSI and p.province_code in provinces]
            if len(in_prov) == 1 and len({p.province_code for p in cands}) > 1:
                decided[n] = (in_prov[0], CONF_PROVINCE_IN_TEXT, "provinsinya disebut")
                continue
            # Regions listed together are usually of one level: "Bekasi, Karawang dan Purwakarta"
            # are kabupaten, "Depok dan Bogor" kota.
            cand_provinces = {p.province_code for p in cands if p.level in KABKOTA}
            levels = {q.level for q in explicit_places if q.level in KABKOTA and q.province_code in cand_provinces}
            same_level = [p for p in cands if p.level in levels]
            if len(levels) == 1 and len(same_level) == 1:
                decided[n] = (same_level[0], CONF_NEIGHBOURS, "setingkat dengan wilayah lain yang disebut")
                continue
            province = [p for p in cands if p.level == PROVINSI]
            kota = [p for p in cands if p.level == KOTA]
            if len(province) == 1:
                decided[n] = (province[0], CONF_DEFAULT_PROVINCE, "nama provinsi sekaligus kota: provinsi")
            elif len(kota) == 1:
                decided[n] = (kota[0], CONF_DEFAULT_KOTA, "nama kabupaten sekaligus kota: kota")
            else:
                decided[n] = (None, CONF_UNRESOLVED, "nama ganda")
        mentions = []
        for n, raw in enumerate(raws):
            place, conf, reason = decided[n]
            if raw.generic_preposition and place is not None:
                conf = min(conf, CONF_GENERIC_WITH_PREPOSITION)
            mentions.append(
                Mention(raw.start, raw.end, text[raw.start : raw.end], place, tuple(raw.candidates), conf, reason)
            )
        return mentions


def summarise(mentions: Iterable[Mention]) -> list[tuple[Place, float, list[Mention]]]:
    """The distinct counted places, each with its best confidence and its mentions, in order of
    first mention."""
    seen: dict[str, tuple[Place, float, list[Mention]]] = {}
    for m in mentions:
        if not m.counted or m.place is None:
            continue
        place, conf, spans = seen.get(m.place.code, (m.place, 0.0, []))
        seen[m.place.code] = (place, max(conf, m.confidence), [*spans, m])
    return list(seen.values())


def kabkota_codes(mentions: Iterable[Mention]) -> set[str]:
    """The kabupaten/kota a text locates things in: those named, and those of its kecamatan."""
    out: set[str] = set()
    for m in mentions:
        if m.counted and m.place is not None and m.place.level != PROVINSI:
            out.add(m.place.code[:5])
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the Region table, built once per process (call ``cache_clear()`` after
    the region tree changed)."""
    from waspada.regions.models import Region

    rows = Region.objects.filter(level__in=LEVELS).values_list("code", "level", "name", "parent__code")
    return Gazetteer.build(rows.iterator(chunk_size=2000))
