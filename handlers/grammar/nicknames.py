"""Short forms of given names: Sam for Samuel, Alex for Alexander, Izzy for Isabella.

Staff write the name they use, and the roster holds the legal one (and
sometimes a preferred name). `short_forms("samuel")` gives the usual
English short forms of a legal or preferred given name, so the roster index
can find Samuel Okafor from "Sam O". A short form is weaker than a name a
pupil actually has: "Sam" is Sam Brown, not Samuel Okafor, when both are on
the roster (pupils.py ranks it below an exact first or preferred name).
"""

from __future__ import annotations

from functools import lru_cache

# full name: its short forms. Only the direction full -> short is used: a
# pupil whose legal name is "Sam" is not found by typing "Samuel".
_TABLE = """
samuel: sam sammy sami
samantha: sam sammy
alexander: alex alec xander lex sandy
alexandra: alex lexi sasha sandra ali
alexis: lexi alex
aleksander: alek aleks olek olo alex
aleksandra: ola ala aleks
jakub: kuba
katarzyna: kasia kate
wojciech: wojtek
malgorzata: gosia
oluwaseun: seun
oluwatobi: tobi
oluwafemi: femi
abdullah: abdul
abdulrahman: abdul
isabella: izzy issy bella isa
isabelle: izzy issy bella
isobel: izzy issy
elizabeth: liz lizzie lizzy beth betty libby eliza ellie
joshua: josh
thomas: tom tommy
daniel: dan danny
benjamin: ben benny benji
matthew: matt matty
jacob: jake
william: will billy bill liam
olivia: liv livvy ollie
oliver: ollie olly
charlotte: lottie charlie
charles: charlie chaz
frederick: freddie freddy fred
alfred: alfie alf
archibald: archie
edward: ed eddie teddy ted
theodore: theo teddy ted
nicholas: nick nicky nico
christopher: chris kit
jessica: jess jessie
rebecca: becky becca
katherine: kate katie kat
catherine: kate katie cat
kathryn: kate katie
eleanor: ellie nell
amelia: millie amy mia
emily: em emmy
madison: maddie
madeleine: maddie
madeline: maddie
abigail: abbie abby abi
zachary: zach zac
nathan: nate
nathaniel: nate nat
natalie: nat
natasha: tasha nat
sebastian: seb
gabriel: gabe
gabriella: gabby ella
matilda: tilly tilda
rosalind: rosie ros
rose: rosie
victoria: vicky tori
bethany: beth
jennifer: jen jenny
stephanie: steph
dominic: dom
robert: rob robbie bob bobby
richard: rich richie
michael: mike mikey
joseph: joe joey
james: jamie jim jimmy
jonathan: jon jonny
harrison: harry
henry: harry hal
anthony: tony ant
andrew: andy drew
stephen: steve stevie
steven: steve stevie
kenneth: ken kenny
ronald: ron ronnie
reginald: reggie
leonard: leo lenny
leonardo: leo
maximilian: max
maxwell: max
mohammed: mo
muhammad: mo
mohammad: mo
emmanuel: manny
francesca: frankie fran
francis: frankie
patrick: pat paddy
timothy: tim timmy
gregory: greg
jayden: jay
jason: jay
deborah: debbie
susan: sue susie
margaret: maggie
penelope: penny
lillian: lily lil
evelyn: evie
eve: evie
florence: flo florrie
harriet: hattie
georgina: georgie
george: georgie
georgia: georgie
louise: lou
louis: lou
lucas: luke
cameron: cam
kieran: kie
tobias: toby
ruairi: rory
sophia: sophie
josephine: josie jo
joanna: jo
joanne: jo
"""


def _parse(table: str) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in table.strip().splitlines():
        full, _, shorts = line.partition(":")
        out[full.strip()] = frozenset(shorts.split())
    return out


SHORT_FORMS = _parse(_TABLE)


@lru_cache(maxsize=4096)
def short_forms(given: str) -> frozenset[str]:
    """The usual short forms of a folded given name ('samuel' -> {'sam', ...})."""
    return SHORT_FORMS.get(given, frozenset())
