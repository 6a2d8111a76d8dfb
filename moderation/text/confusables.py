"""Characters that stand for other characters: letters of other scripts that look like Latin
ones, symbols that spell Latin letters (heavy leetspeak), and the shapes people type for Hangul
jamo (Hanja, kana, Latin letters and digits) or for whole syllables (Hanja readings).

Tables only; `normalize` folds the Latin look-alikes for every text, `variants` applies the
rest where they can stand for something (inside a Hangul word, inside a Latin word)."""

from __future__ import annotations


def _pairs(spec: str) -> dict[str, str]:
    """'ab cd' -> {'a': 'b', 'c': 'd'}; the first character of each pair maps to the rest."""
    return {item[0]: item[1:] for item in spec.split()}


# Look-alikes of Latin letters in other scripts, listed by their ORIGINAL case: capital eta
# looks like H, small eta like n, so they are mapped before case folding.
GREEK = _pairs(
    "Αa Ββ Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx Ϲc Ϳj "
    "αa βb γy δd εe ζz ηn ιi κk μu νv οo ρp σo ςc τt υu χx ωw ϲc ϳj ϵe ϱp ϰk ϕf φf"
)
CYRILLIC = _pairs(
    "Аa Вb Сc Еe Ѐe Ёe Нh Іi Їi Јj Кk Мm Оo Рp Ѕs Тt Хx Уy Үy Ԁd Ԛq Ԝw Ӏl Ьb Зe Пn Гr Яr "
    "аa вb гr дd еe ѐe ёe зe иu йu кk лn мm нh оo пn рp сc тt уy фf хx цu шw щw ъb ыb ьb "
    "эe яr іi їi јj ѕs һh ԁd ԛq ԝw ӏl үy ұy ғf қk ңh ҳx ҫc ӑa ӓa ӧo ӱy"
)
SMALL_CAPITALS = _pairs(
    "ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ǫq ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz ᴁae ᴓo"
)
IPA_AND_OTHERS = _pairs(
    "ɑa ɐa ɓb ƈc ɗd ɛe ɘe əe ƒf ɠg ɡg ɦh ɨi ɩi ıi ȷj ʝj ƙk ɭl łl ɱm ɲn ŋn ɵo øo ƥp ʠq ɾr ɽr "
    "ʂs ƭt ʈt ʉu ʋv ʌv ʍw ɣy ƴy ʐz ȥz ƶz ɍr ȼc ȿs ɇe ʄf "
    "աw ցg հh ոn սu օo քp զq "
    "Ꭺa Ᏼb Ꮯc Ꭰd Ꭼe Ꮐg Ꮋh Ꭻj Ꮶk Ꮮl Ꮇm Ꮎo Ꮲp Ꮢr Ꮪs Ꭲt Ꮩv Ꮃw Ꮍy Ꮓz"
)
LATIN_LOOKALIKES: dict[str, str] = {**GREEK, **CYRILLIC, **SMALL_CAPITALS, **IPA_AND_OTHERS}

# Heavy leetspeak: symbol sequences that draw a Latin letter. Longest first when applied.
LEET_SEQUENCES: dict[str, str] = {
    "|\\/|": "m",
    "/\\/\\": "m",
    "\\/\\/": "w",
    "|\\|": "n",
    "/\\/": "n",
    "|_|": "u",
    "|-|": "h",
    "]-[": "h",
    "}{": "h",
    "|<": "k",
    "|{": "k",
    "|)": "d",
    "|]": "d",
    "|2": "r",
    "|3": "b",
    "|=": "f",
    "|>": "p",
    "|*": "p",
    "/\\": "a",
    "\\/": "v",
    "><": "x",
    "()": "o",
    "[]": "o",
    "<>": "o",
    "(_)": "u",
    "|_": "l",
}
# One symbol for one letter, anywhere in a word that is spelled with them.
LEET_SINGLE: dict[str, str] = {
    "0": "o",
    "1": "i",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "i",
    "+": "t",
    "(": "c",
    "<": "c",
    "{": "c",
    "[": "c",
    "€": "e",
    "£": "l",
    "¢": "c",
    "©": "c",
    "®": "r",
    "¥": "y",
    "µ": "u",
    "×": "x",
    "#": "h",
}

# Shapes typed for Hangul jamo: Hanja, kana, box drawing, and Latin letters and digits, as they
# are after case folding (H is h here; L for ㄴ is lost to l for ㅣ).
JAMO_CONSONANT_LOOKALIKES = _pairs(
    "7ㄱ フㄱ 乚ㄴ ∟ㄴ 匚ㄷ ⊏ㄷ 己ㄹ 弓ㄹ 口ㅁ ロㅁ □ㅁ 人ㅅ 入ㅅ ^ㅅ "
    "oㅇ 0ㅇ ○ㅇ 〇ㅇ ◯ㅇ スㅈ eㅌ 工ㅍ 从ㅆ"
)
JAMO_VOWEL_LOOKALIKES = _pairs(
    "卜ㅏ トㅏ lㅣ iㅣ 1ㅣ |ㅣ 丨ㅣ !ㅣ hㅐ 卄ㅐ ┤ㅓ ⊥ㅗ 丄ㅗ "
    "tㅜ 丅ㅜ ⊤ㅜ 一ㅡ ーㅡ —ㅡ _ㅡ πㅠ fㅑ"
)
# Two characters for one jamo (77 for ㄲ, TT for ㅠ), tried before the single ones.
JAMO_PAIR_LOOKALIKES = {"77": "ㄲ", "tt": "ㅠ"}

# Hanja read as the Hangul syllable they stand for, limited to the syllables of abusive words
# (病身 is 병신 itself, 發 is 발, 犬 reads 견 but means 개, which is how it is used).
HANJA_READINGS = _pairs(
    "病병 身신 新신 神신 信신 發발 髮발 八팔 十십 氏씨 犬개 開개 子자 地지 "
    "狂광 亂란 女녀 年년 者자 鬼귀 "
    "漢한 男남 蟲충 賤천 奴노 野야 狗개 屎똥 糞똥 死사 殺살 自자 肉육 便변 器기 尼니 親친 始시 "
    "時시 詩시 市시 是시 巴바 婆바 頭두 腦뇌 低저 能능 兒아"
)
