"""Normalisation that undoes the usual ways of dodging a word filter, keeping a map from every
normalised character back to the original text so that findings can be masked where they were
written.

The steps, in order: a per-character fold (NFKC, case, diacritics, Greek, Cyrillic, small-capital
and other look-alikes of Latin letters, invisible characters, conjoining jamo) merged with the
Hangul "skeleton" (씌/씨, 칀/친, 좆/좃), composing loose jamo (ㅅㅣㅂㅏㄹ), noise between Hangul
letters (씨1발, 씨-발, 씨...발), dropping URLs, leetspeak inside Latin words
(sh1t, a$$, @ss, b!tch), dropping @mentions, punctuation inside a Latin word (sh-it, f.u.c.k,
don't), letters spaced or dotted apart (f u c k, 시 발), runs of one character (fuuuuck, ㅋㅋㅋㅋ),
drawn-out Hangul vowels (씨이이발) and whitespace.

These steps are safe for every text, so the model reads their output too. Bolder readings that
only make sense where they complete an abusive word (Latin letters inside a Hangul word, Hanja
for jamo, heavy leetspeak, phonetic respellings) are `variants`, read by the lexicon alone.

Speed: every step but the joining of spaced letters stays inside a space-separated token, so
`normalize` folds the text (one `str.translate`, or `bytes.translate` for ASCII), splits it at
spaces and normalises each distinct token once (cached: chat repeats its words), with every
step one C-level `re.sub` behind a cheap guard; a text whose tokens may be letters spaced apart
takes the steps whole. No offsets are kept: a token's are worked out the first time a caller
asks where something in it was (`View.span`), which happens only for texts with findings."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from itertools import chain
from operator import attrgetter

from moderation.text.confusables import LATIN_LOOKALIKES
from moderation.text.hangul import CHOSEONG, JONGSEONG, JUNGSEONG, SKELETON, compose
from moderation.text.hangul import elongation_hint as _elongation_hint
from moderation.text.hangul import elongation_pattern as _elongation

__all__ = ["WORD", "View", "clear_cache", "fold", "normalize"]

_INVISIBLE_RANGES = [
    (0x0300, 0x036F),  # combining diacritics (accents are dropped, not kept)
    (0x200B, 0x200F),  # zero-width space/joiners, direction marks
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0000, 0xE007F),  # tags
]
_INVISIBLE_CHARS = "\u00ad\u034f\u061c\u115f\u1160\u180e\u3164\ufeff\uffa0"
_FOLD_RANGES = [
    (0x0000, 0x2BFF),
    (0x1100, 0x11FF),
    (0x13A0, 0x13FF),  # Cherokee (look-alikes of Latin capitals)
    (0x2E80, 0x2EFF),
    (0x3000, 0x33FF),
    (0xA700, 0xA7FF),
    (0xFB00, 0xFB4F),
    (0xFE00, 0xFE6F),
    (0xFF00, 0xFFEF),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F1FF),
    (0xE0000, 0xE007F),
]


def _conjoining_to_compat(ch: str) -> str:
    cp = ord(ch)
    if 0x1100 <= cp <= 0x1112:
        return CHOSEONG[cp - 0x1100]
    if 0x1161 <= cp <= 0x1175:
        return JUNGSEONG[cp - 0x1161]
    if 0x11A8 <= cp <= 0x11C2:
        return JONGSEONG[cp - 0x11A7]
    return ch


def _fold_one(ch: str) -> str:
    cp = ord(ch)
    if ch in _INVISIBLE_CHARS or any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES):
        return ""
    if 0xAC00 <= cp <= 0xD7A3 or 0x3131 <= cp <= 0x318E:
        return "ㅂㅅ" if ch == "ㅄ" else ch  # keep Hangul as typed; ㅄ is ㅂㅅ
    if ch in LATIN_LOOKALIKES:  # by original case: capital eta is H, small eta n
        return LATIN_LOOKALIKES[ch]
    if 0x1F1E6 <= cp <= 0x1F1FF:  # regional indicator letters spell words too
        return chr(ord("a") + cp - 0x1F1E6)
    if unicodedata.category(ch) == "Cf":
        return ""
    if ch.isspace():
        return " "
    out = unicodedata.normalize("NFKC", ch)
    out = "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))
    out = unicodedata.normalize("NFC", out).casefold()
    return "".join(LATIN_LOOKALIKES.get(c, _conjoining_to_compat(c)) for c in out)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi + 1):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            folded = _fold_one(ch)
            if folded != ch:
                table[cp] = folded
    return table


FOLD = _fold_table()
# The fold and the Hangul skeleton in one table (they touch disjoint characters).
_FOLD_AND_SKELETON = {**FOLD, **SKELETON}
# Characters whose fold is not exactly one character: only these force offset bookkeeping.
# Kept to the BMP so that the regex engine compiles the class to a constant-time bitmap;
# anything beyond the BMP (mathematical letters, tags) takes the careful path.
_NOT_ONE_TO_ONE = re.compile(
    "["
    + "".join(re.escape(chr(cp)) for cp, out in FOLD.items() if len(out) != 1 and cp < 0x10000)
    + "]|[^\x00-\uffff]"
)
# ASCII text folds byte by byte: capitals to small letters, control spaces to spaces.
_ASCII_FOLD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\x0b\x0c", b"abcdefghijklmnopqrstuvwxyz     "
)


class View:
    """Normalised text plus, per character, the [start, end) it came from in the original.

    The offsets are computed on first use (`span`, `offsets`) from the original text, so that
    a text nobody needs to locate anything in never pays for them."""

    __slots__ = ("_ends", "_original", "_pieces", "_starts", "text", "words")

    def __init__(
        self,
        text: str,
        starts: list[int] | None = None,
        ends: list[int] | None = None,
        original: str | None = None,
    ) -> None:
        self.text = text
        self.words: list[str] | None = None  # set by `normalize`: the text's words
        self._starts = starts
        self._ends = ends
        self._pieces: _Pieces | None = None  # set by `normalize` when it read token by token
        # None: the mapping is the identity (or `starts`/`ends` hold it).
        self._original = None if starts is not None or original == text else original

    def offsets(self) -> tuple[list[int], list[int]]:
        """Per normalised character, its start and end in the original text."""
        if self._starts is None or self._ends is None:
            if self._original is None:
                n = len(self.text)
                return list(range(n)), list(range(1, n + 1))
            mapped = normalize_mapped(self._original)
            assert mapped.text == self.text, "the two passes of normalize() disagree"
            self._starts, self._ends = mapped.offsets()
        return self._starts, self._ends

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The original [start, end) of normalised characters i..j-1."""
        if self._starts is None:
            if self._original is None:
                return i, j
            if self._pieces is not None:
                return self._pieces.span(i, j)
        starts, ends = self.offsets()
        return starts[i], ends[j - 1]


def fold(text: str, table: dict[int, str] = FOLD) -> View:
    """The per-character fold alone (case, width, accents, homoglyphs, invisibles)."""
    if text.isascii():
        return View(text.encode("ascii").translate(_ASCII_FOLD).decode("ascii"))
    if _NOT_ONE_TO_ONE.search(text) is None:
        return View(text.translate(table))
    # Translate the stretches between the awkward characters in bulk; only those characters
    # (a variation selector after an emoji, a ligature) get offsets of their own.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in _NOT_ONE_TO_ONE.finditer(text):
        i = m.start()
        pieces.append(text[last:i].translate(table))
        starts.extend(range(last, i))
        ends.extend(range(last + 1, i + 1))
        out = text[i].translate(table)
        pieces.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
        last = i + 1
    pieces.append(text[last:].translate(table))
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return View("".join(pieces), starts, ends)


Repl = Callable[[re.Match[str]], str]


def rewrite(view: View, pattern: re.Pattern[str], repl: Repl) -> View:
    """Apply `pattern` -> `repl` to the view, carrying the offsets along. A replacement of the
    same length maps character to character; any other maps every output character to the
    whole matched stretch (so masking covers what was squeezed out)."""
    s = view.text
    first = pattern.search(s)
    if first is None:
        return view
    starts, ends = view.offsets()
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for m in pattern.finditer(s, first.start()):
        a, b = m.span()
        r = repl(m)
        out.append(s[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        out.append(r)
        if len(r) == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        elif r:
            new_starts.extend([starts[a]] * len(r))
            new_ends.extend([ends[b - 1]] * len(r))
        last = b
    out.append(s[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return View("".join(out), new_starts, new_ends)


def compose_view(view: View, pattern: re.Pattern[str]) -> View:
    """Compose runs of loose jamo (ㅅㅣㅂㅏㄹ -> 시발), mapping each syllable to its jamo."""
    s = view.text
    if pattern.search(s) is None:
        return view
    starts, ends = view.offsets()
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for m in pattern.finditer(s):
        a, b = m.span()
        composed, spans = compose(m.group())
        out.append(s[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        out.append(composed)
        new_starts.extend(starts[a + i] for i, _ in spans)
        new_ends.extend(ends[a + j - 1] for _, j in spans)
        last = b
    out.append(s[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return View("".join(out), new_starts, new_ends)


class _Fast:
    """The steps on a bare string: C-level substitutions, no offsets."""

    __slots__ = ("text",)

    def __init__(self, text: str, *, folded: bool = False) -> None:
        self.text = text if folded else fold(text, _FOLD_AND_SKELETON).text

    def sub(self, pattern: re.Pattern[str], repl: Repl) -> None:
        self.text = pattern.sub(repl, self.text)

    def compose(self, pattern: re.Pattern[str]) -> None:
        self.text = pattern.sub(_composed, self.text).translate(SKELETON)


class _Mapped:
    """The same steps on a view that carries offsets."""

    __slots__ = ("view",)

    def __init__(self, text: str, *, folded: bool = False) -> None:
        self.view = View(text) if folded else fold(text, _FOLD_AND_SKELETON)

    @property
    def text(self) -> str:
        return self.view.text

    def sub(self, pattern: re.Pattern[str], repl: Repl) -> None:
        self.view = rewrite(self.view, pattern, repl)

    def compose(self, pattern: re.Pattern[str]) -> None:
        view = compose_view(self.view, pattern)
        self.view = View(view.text.translate(SKELETON), *view.offsets())


def _composed(m: re.Match[str]) -> str:
    return compose(m.group())[0]


_HANGUL = "가-힣ㄱ-ㅣ"
# The words of a normalised text: runs of letters and digits (with * standing for a hidden
# letter, f*ck) and single symbols (🖕).
WORD = re.compile(r"(?:[^\W_]|\*)+|[^\w\s*]")
# Patterns open with a character class rather than a lookbehind so that the regex engine can
# skip ahead; passes that need a rare character are guarded by a cheap `in` test.
_JAMO_PAIR = re.compile("[ㄱ-ㅎ][ㅏ-ㅣ]")
_JAMO_RUN = re.compile("[ㄱ-ㅣ]*[ㄱ-ㅎ][ㅏ-ㅣ][ㄱ-ㅣ]*")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
# Between two Hangul letters: up to three punctuation marks or emoji, digits (not 8, which
# reads 팔), lone i/l/ㅣ/ㅡ: all typed to break a word apart (씨1발, 씨-발, 병...신, 씨ㅣㅣ발);
# not a digit or letter before a vowel, which is drawing a consonant (7ㅐ is 개).
# A ㅣ-shaped letter after a loose consonant is the vowel (ㅅl발, ㅆ1발), not noise.
_JAMO_I = re.compile("(?<=[ㄱ-ㅎ])[il1|!](?=[가-힣ㄱ-ㅣ])")
_JAMO_I_HINT = re.compile("[ㄱ-ㅎ][il1|!]")
_HANGUL_NOISE = re.compile(
    rf"[{_HANGUL}](?:[^\w\s,?!~()\[\]]|[0-79il_ㅣㅡ](?![ㅏ-ㅣ])){{1,3}}(?=[{_HANGUL}])"
)
# Inside a word, digits and symbols stand for letters; other symbols (f#ck) hide one, like *.
# (| is left to the heavy-leet reading, where it is half of |-| or |_| as often as it is i.)
_LEET_TABLE = str.maketrans("013457!#%^&", "oieasti****")
_LEET_HINT = re.compile(r"[0-9!#%^&]")
_LEET_INSIDE = re.compile(r"[a-z][0-9!#%^&]+(?=[a-z])")
_LEET_DOLLAR = re.compile(r"\$+(?=[a-z])|(?<=[a-z])\$+")
# @ for a: inside a word (b@stard) or opening the few words people spell so (@ss, @rse);
# any other word-initial @ starts a mention (@user), which names someone and is dropped.
_LEET_AT = re.compile(r"(?<=[a-z])@(?=[a-z])|(?<!\w)@(?=ss|rse)")
# (a mention ends where its word does: @s5(low is leetspeak, not a user)
_MENTION = re.compile(r"(?<!\S)@\w+(?![^\s.,:;!?)\]])")
# Punctuation inside a Latin word (sh-it, fu.ck, don't): the word is one word.
_INNER_PUNCT = re.compile(r"(?<=[a-z])['’.\-_]+(?=[a-z])")
_INNER_HINT = re.compile(r"[a-z]['’.\-_]")
# Two or more one-letter "words" separated by spaces or dots: f u c k, 시 발, f.u.c.k.
_SEP = " .\\-_,·~/"
_SPACED_HINT = re.compile(rf"[{_SEP}][^\W\d_][{_SEP}]|^[^\W\d_][{_SEP}]")
# (a letter followed by a symbol that may spell a letter, p|_|, is not a one-letter word)
_NOT_ALONE = r"(?![^\W_]|[|$@!#(<{\[/\\*+])"
_SPACED = re.compile(rf"(?<![^\W_])[^\W\d_](?:[{_SEP}]+[^\W\d_]{_NOT_ALONE})+")
_SEPARATORS = re.compile(rf"[{_SEP}]+")
# Three or more of one character: two are kept (fuuuuck -> fuuck, asssss -> ass, ㅋㅋㅋㅋ -> ㅋㅋ,
# so that ㅉㅉ and ㅗㅗ survive; the lexicon reads doubled letters once); digits are left alone.
_RUNS = re.compile(r"([^\d|])\1{2,}", re.S)
_RUN_HINT = re.compile(r"([^\d|])\1\1", re.S)
_ELONGATION_HINT = re.compile(_elongation_hint())
_ELONGATION = re.compile(_elongation())
_SPACES = re.compile(r"  +|^ +| +$")


def _leet_run(m: re.Match[str]) -> str:
    run = m.group()
    return run[0] + run[1:].translate(_LEET_TABLE)


def _spaces(m: re.Match[str]) -> str:
    a, b = m.span()
    return "" if a == 0 or b == len(m.string) else " "


def _first(m: re.Match[str]) -> str:
    return m.group()[0]


def _run(m: re.Match[str]) -> str:
    return m.group(1) * 2


def _vowel_i(m: re.Match[str]) -> str:
    return "ㅣ"


def _nothing(m: re.Match[str]) -> str:
    return ""


def _a(m: re.Match[str]) -> str:
    return "a"


def _dollars(m: re.Match[str]) -> str:
    return "s" * len(m.group())


def _joined(m: re.Match[str]) -> str:
    return _SEPARATORS.sub("", m.group())


def _word_steps(p: _Fast | _Mapped) -> None:
    """The steps that never look across a space: run on a whole text or on one of its
    space-separated tokens, they give the same result."""
    s = p.text
    if not s.isascii():
        if _JAMO_I_HINT.search(s):
            p.sub(_JAMO_I, _vowel_i)
            s = p.text
        if _JAMO_PAIR.search(s):
            p.compose(_JAMO_RUN)
        p.sub(_HANGUL_NOISE, _first)
    if "http" in s or "www." in s:
        p.sub(_URL, _nothing)
    if _LEET_HINT.search(s):
        p.sub(_LEET_INSIDE, _leet_run)
    if "$" in s:
        p.sub(_LEET_DOLLAR, _dollars)
    if "@" in s:
        p.sub(_LEET_AT, _a)
        p.sub(_MENTION, _nothing)
    if _INNER_HINT.search(p.text):
        p.sub(_INNER_PUNCT, _nothing)


def _line_steps(p: _Fast | _Mapped) -> None:
    """Letters spaced apart, then what must follow it (runs, drawn-out vowels, spaces)."""
    if _SPACED_HINT.search(p.text):
        p.sub(_SPACED, _joined)
    if _RUN_HINT.search(p.text):
        p.sub(_RUNS, _run)
    if not p.text.isascii() and _ELONGATION_HINT.search(p.text):
        p.sub(_ELONGATION, _first)
    s = p.text
    if "  " in s or s[:1] == " " or s[-1:] == " ":
        p.sub(_SPACES, _spaces)


def _steps(p: _Fast | _Mapped) -> None:
    _word_steps(p)
    _line_steps(p)


# -- the same, token by token -----------------------------------------------------------------
# Every step but the joining of spaced letters stays inside a space-separated token, so a
# text's tokens are normalised once each and cached (chat repeats its words), and the text is
# their join, unless two tokens may be letters spaced apart (f u c k, 시 발), in which case the
# whole text takes the steps above. The two paths agree character for character and offset
# for offset (tests/moderation/test_normalize.py compares them).
_SEP_CHARS = frozenset(_SEP.replace("\\", "").replace(" ", ""))
# A token that may end or begin a run of spaced letters: the `_SPACED` pattern's first and
# following letters, at the token's edge with only separators beside them.
_LONE_TAIL = re.compile(rf"(?<![^\W_])[^\W\d_][{_SEP}]*\Z")
_LONE_HEAD = re.compile(rf"\A[{_SEP}]*[^\W\d_]{_NOT_ALONE}")
CACHE_LIMIT = 50_000  # distinct tokens kept before the cache starts afresh
_PLAIN = re.compile("[a-z]+|[가-힣]+")  # no step but runs and drawn-out vowels touches these


class _Token:
    """One space-separated token of a folded text, normalised on its own."""

    __slots__ = ("code", "head", "offsets", "split", "tail", "text", "void", "words")

    def __init__(self, token: str) -> None:
        p = _Fast(token, folded=True)
        if _PLAIN.fullmatch(token) is not None:
            # a plain word, most tokens: only runs and drawn-out vowels may change it, and
            # it is a lone letter if it is one letter long
            self.void = self.split = False
            self.head = self.tail = len(token) == 1
        else:
            _word_steps(p)
            pre = p.text
            # what the join of spaced letters sees: an empty or separator-only token is one
            # more separator between its neighbours
            self.void = not pre or _SEP_CHARS.issuperset(pre)
            self.head = _LONE_HEAD.search(pre) is not None
            self.tail = _LONE_TAIL.search(pre) is not None
            self.split = _SPACED.search(pre) is not None  # spaced letters inside the token
        # one letter per token for `_tokens`: split, void, or whether it may end (t) or begin
        # (h) spaced letters, both (b) or neither (n)
        self.code = "s" if self.split else "v" if self.void else "nhtb"[self.head + 2 * self.tail]
        _line_steps(p)
        self.text = p.text
        self.words = WORD.findall(p.text)
        self.offsets: tuple[list[int], list[int]] | None = None

    def relative_offsets(self, token: str) -> tuple[list[int], list[int]]:
        if self.offsets is None:
            p = _Mapped(token, folded=True)
            _steps(p)
            assert p.view.text == self.text, "a token's two passes disagree"
            self.offsets = p.view.offsets()
        return self.offsets


_TOKENS: dict[str, _Token] = {}


def clear_cache() -> None:
    _TOKENS.clear()


Tokens = tuple[list[str], list[_Token]]
_CODE = attrgetter("code")
_TEXT = attrgetter("text")
_WORDS = attrgetter("words")
_PAIR = re.compile("[tb][hb]")  # a token that may end spaced letters, then one that may go on


def _tokens(folded: str) -> Tokens | None:
    """The text's space-separated tokens (empty ones too) with their normalisation, or None
    when the text must take the whole-text steps (two tokens may be letters spaced apart)."""
    tokens = folded.split(" ")
    infos = list(map(_TOKENS.get, tokens))
    if None in infos:
        infos = [info or _new_token(t) for t, info in zip(tokens, infos, strict=True)]
    codes = "".join(map(_CODE, infos))
    if "s" in codes or _PAIR.search(codes.replace("v", "")) is not None:
        return None
    return tokens, infos


def _new_token(token: str) -> _Token:
    if len(_TOKENS) >= CACHE_LIMIT:
        _TOKENS.clear()
    info = _TOKENS[token] = _Token(token)
    return info


def normalize(text: str) -> View:
    """The normalised view used by the lexicon and the model (offsets computed on demand).
    Its `words` are the normalised text's words (`WORD`)."""
    folded_view = fold(text, _FOLD_AND_SKELETON)
    folded = folded_view.text
    tokens = _tokens(folded)
    if tokens is None:
        p = _Fast(folded, folded=True)
        _steps(p)
        view = View(p.text, original=text)
        view.words = WORD.findall(p.text)
        return view
    infos = tokens[1]
    view = View(" ".join(filter(None, map(_TEXT, infos))), original=text)
    if view._original is not None:
        view._pieces = _Pieces(folded_view, tokens)
    view.words = list(chain.from_iterable(map(_WORDS, infos)))
    return view


def normalize_mapped(text: str) -> View:
    """`normalize` with the offsets computed at once (what `View.span` falls back to)."""
    folded = fold(text, _FOLD_AND_SKELETON)
    tokens = _tokens(folded.text)
    if tokens is None:
        p = _Mapped(text)
        _steps(p)
        return p.view
    fs, fe = folded.offsets()
    starts: list[int] = []
    ends: list[int] = []
    out: list[str] = []
    last_end = -1  # where the previous emitted token ended
    for at, token, info in _positions(folded.text, tokens):
        if info.text:
            if last_end >= 0:  # the joining space stands for everything in between
                out.append(" ")
                starts.append(fs[last_end])
                ends.append(fe[at - 1])
            rs, re_ = info.relative_offsets(token)
            starts += [fs[at + r] for r in rs]
            ends += [fe[at + r - 1] for r in re_]
            out.append(info.text)
            last_end = at + len(token)
    return View("".join(out), starts, ends)


class _Pieces:
    """Where a token-by-token normalised text's characters came from, found per span: the
    token that holds a character, its offsets inside the token, the fold's offsets (all
    worked out on the first span asked for)."""

    __slots__ = ("_folded", "_marks", "_placed", "_tokens")

    def __init__(self, folded: View, tokens: Tokens) -> None:
        self._folded = folded
        self._tokens = tokens
        self._placed: list[tuple[int, str, _Token]] = []
        self._marks: list[int] = []  # where each placed token starts in the normalised text

    def _locate(self, k: int) -> tuple[int, int]:
        """The folded [start, end) of normalised character k."""
        if not self._placed:
            self._placed = [p for p in _positions(self._folded.text, self._tokens) if p[2].text]
            at = 0
            for _, _, info in self._placed:
                self._marks.append(at)
                at += len(info.text) + 1
        t = bisect_right(self._marks, k) - 1
        at, token, info = self._placed[t]
        rel = k - self._marks[t]
        if rel < len(info.text):
            rs, re_ = info.relative_offsets(token)
            return at + rs[rel], at + re_[rel]
        # the space that joins token t to the next stands for everything in between
        return at + len(token), self._placed[t + 1][0]

    def span(self, i: int, j: int) -> tuple[int, int]:
        a = self._locate(i)[0]
        b = self._locate(j - 1)[1]
        folded = self._folded
        if folded._starts is None:
            return a, b
        starts, ends = folded.offsets()
        return starts[a], ends[b - 1]


def _positions(folded: str, tokens: Tokens) -> list[tuple[int, str, _Token]]:
    """Each token with where it starts in the folded text."""
    out = []
    at = 0
    for token, info in zip(*tokens, strict=True):
        out.append((at, token, info))
        at += len(token) + 1
    return out
