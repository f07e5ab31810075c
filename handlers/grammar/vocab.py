"""Ordinary English the grammar must not mistake for a pupil's name.

Two lists:

* `COMMON_WORDS`: frequent English and school words. A word here is never
  fuzzy-matched to a name ("same" is one typo from "Sam", "fine" from
  "Finn", "like" from "Luke") and never reported as an unknown pupil.
* `NAME_WORDS`: given names that are also everyday words ("Will", "May",
  "Grace", "Max"). Such a name only counts when it is written like a name:
  capitalised mid-sentence, possessive, followed by a surname, or the only
  candidate in a message that names nobody else.
"""

from __future__ import annotations

_COMMON = """
a about above across act action actually add added after afternoon again against age ago agreed
ahead aid aim all allowed almost alone along already also although always am among amount an and
angry another answer any anyone anything anyway apart appear appointment appt are area arm arms
around arrived art as ask asked asking at ate attempt attempted attention autism away awake baby
back bad bag ball bang banged bar base basic be became because become bed been before began begin
behaviour behavior behind being believe below bench bend bent beside best better between big bike
bin bit bite bites biting bits black block blocks blue board boat body book books boot boots both
bottle bottom bought box boxes boy boys brain bread break breakfast breath breathing bring brings
broke broken brother brought brown bucket build building built bus busy but buy by cake calm calmed
calming call called calling came can cannot cant car card cards care careful carer carers carpet
carried carry case cat caught cause chair chairs chance change changed chat chatted check checked
child children choice choose chose circle circuits class classes classroom clean clear climb
climbed clock close closed clothes coat code cold colour come comes coming complete completed
concern concerned confident consistent contact continue continued cool copy corner corridor could
couldnt count counted counting cover cried cross cry crying cup cut dad daddy daily dance dark
date day days de dead deal dear decided deep desk did didnt different difficult dinner direct
disrupted do doctor does doesnt dog doing done dont door doors down draw drawing drew drink drop
dropped dry due during each ear early easily easy eat eating effort else email emailed end ended
engaged engagement english enjoy enjoyed enough entered escalation escalated even evening event
ever every everyone everything exam example excited exercise explain explained eye eyes face
fact fair fall fast father fed feel feeling feelings feet fell felt few field fight fighting
fill final finally find fine finger fingers finish finished fire first fit five floor focus
focused focussed follow followed following food foot for force forgot form forward found four
free friday friend friends from front full fun funny game games garden gate gave get gets getting
girl girls give given giving glad go goal goes going gone good got great green ground group
grow guided had hair half hall hand handed hands handwriting happen happened happy hard has hat
hate hated have having he head heading hear heard heart held help helped helpful her here hers
herself hid hide high him himself his hit hits hitting hold holding home homework hope hour
hours house how hug hungry hurt i idea if ill in incident independent independently indoor inside
instead interaction into is issue it its itself job join joined jumped jumper just keep kept key
kick kicked kicking kid kids kind kit knew know knows lady language large last late later learn
learning least leave leaving left leg legs lesson lessons let letter letters level life like
liked likes line list listen listened listening little live long look looked looking lost lot
lots loud love loved low lunch lunchtime made main make making man many marks maths may me meal
mean meant meds meet meeting member mess message met middle might mind minute minutes miss missed
moment monday money mood more morning most mostly mother motor mouth move moved much mum mummy
music must my name names nearly need needed needs new next nice night no noise none not note
notes nothing now number numbers of off office often oh ok okay old on once one only onto open
opened or order other others our out outside over own page pages paper parent parents part
partner pass past pause pe peer peers pen pencil people perhaps person phone phoned phonics pick
picked picture pictures piece place plan planned play played playground playing please pocket
point points poorly positive pretty print problem prompt prompted prompts pulled push pushed put
quick quickly quiet quietly rang ran rather re read reading ready really reason red refused
regulated regulation remember removed reply report rest return returned reward right ring room
round rude rule rules run running sad safe said same sat saturday saw say says school score
script seat second see seemed seen self send sense sensory sent session sessions set settle
settled settling several shape share shared she shoe shoes short should shout shouted shouting
show showed shut side sign signs simple since sit sitting six skills sleep slept slow slowly small
smile snack so social some someone something sometimes son soon sorry sound sounds space speak
speaking speech spent spoke sport staff stage stand star start started state stay stayed step
still stood stop stopped story strategies strategy street strong struggled stuck student
students success sum summer sunday support supported sure swim swimming table take taken talk
talked talking task tasks tea teacher teaching team tears tell ten term test text texted than
thank thanks that the their them then there these they thing things think third this those
though thought threw three through throw throwing thursday time timer times tired tiredness to
today together told too took top total touch toward towards toy toys tray tried try trying
tuesday turn turned two under understand unhappy unit until up upset us use used using usual
very visit visual wait waited waiting walk walked walking wall want wanted wants warm was wash
wasnt watch water way we wednesday week weeks well went were what when where which while white
who whole why will window wish with without woke word words work worked working worried worry
would wouldnt write writing wrong year yes yesterday yet you young your yourself zone zones
able absent accident active activity adult adults agree alright answered appropriate asleep
assembly attend avoid aware better bigger book boss brave bring bullied bully busy called
careful chosen clap class cooking copied cover dinner dining distracted dressed drama drink
easier eat effort ended enjoys entire excellent expected explained fab fantastic feelings fell
fidget fine football frustrated frustration gentle gently great handled happy helped hungry
ignored independent kind kindly language late lego listened lunch managed mat meltdown mention
moved nap nearly needed noisy nurture outcome paint painted pair peer planning played pleased
praise praised progress proud punch punched rain reminded request requested returned room sand
scared screamed scribble settle shared shy sick slightly song spat spelling spit sticker
stickers stories struggle sweet swore talk tantrum target targets tidy tidied toilet toilets
topic transition tricky trip unsettled upset usual voice wobble worksheet yard yelled
aunt auntie aunty uncle grandma grandad granny gran nan nana nanny grandpa guardian foster
carer family brother sister sisters brothers baby mum dad mom mam
parent contact behaviour session incident safeguarding provision provisions
january february march april june july august september october november december
mon tue tues wed weds thu thur thurs fri sat sun week weekend fortnight
min mins mn mns minute minuets mintues hr hrs hour hours minutes m h am pm noon midday tonight tomorrow
"""
# Countries and places families travel to or come from ("she's in Romania",
# "back to Bangladesh"): a place, never a typo of a pupil ("Romania" is one
# letter from "Rumana"). Place names that are also given names
# (India, Jordan, Sierra, Israel) are left out.
_PLACES = """
romania bulgaria poland lithuania latvia estonia slovakia hungary ukraine russia moldova albania
kosovo serbia croatia bosnia greece cyprus turkey portugal spain italy france germany ireland
scotland wales england netherlands belgium sweden norway denmark finland iceland
pakistan bangladesh nepal afghanistan iran iraq syria yemen egypt morocco
algeria tunisia libya sudan somalia somaliland ethiopia eritrea kenya uganda tanzania nigeria
ghana gambia senegal congo zimbabwe zambia malawi jamaica trinidad barbados
philippines vietnam thailand malaysia indonesia dubai qatar
kuwait oman lebanon palestine brazil colombia mexico america canada australia
lanka abroad overseas
"""

# Function words and chat spellings: the glue of any message, so each is one typo from some
# name on somebody's roster ("till mum" is not Tilly's mum, "never" is not Neve).
_FUNCTION = """
anybody anywhere basically besides beyond certainly cos coz cuz definitely despite downstairs
dunno either everybody everywhere except gonna gotta keeps kinda kinds known less literally
loads lol maybe minded minds mine myself neither never nobody noone nope nor nowhere ours
ourselves paid per possibly probably quite rarely seldom shown simply somebody somewhere sort
sorta sorted sorts stuff such theirs themselves tho throughout thru till twice unable understood
unless unsure unwell upon upstairs usually via wanna whatever whenever whereas wherever whether
whichever whilst whoever within yeah yep yours
"""

# Words children and staff say, as quoted in logs (youth slang, regional speech): never a
# typo of a pupil ("bare cash" is not Baris's, "bairn" is not Bairu).
_SPOKEN = """
bare peng ting innit opp opps mandem ends wagwan bruv fam wasteman cunch peak allow
howay canny bairn bairns nowt owt ganning gan divvent wey lush mint proper dead
"""

COMMON_WORDS: frozenset[str] = (
    frozenset(_COMMON.split())
    | frozenset(_PLACES.split())
    | frozenset(_FUNCTION.split())
    | frozenset(_SPOKEN.split())
)

_NAME_WORDS = """
will may mark grace max rose joy hope faith bill pat frank ray dawn sky summer june april august
autumn amber holly ivy daisy poppy ruby jack miles hunter mason kit chase drew rob sue nick pip
sunny star storm river rain brook penny jay robin hazel iris honey king prince angel sonny ash
sage reed grant dean lane art ed don bob dot sterling teddy buddy rusty bear fox wolf cliff
precious blessing gift favour harmony miracle royal justice major liberty unique destiny patience
prudence charity honour marvel goodness saint reign legend chance india china paris jordan sydney
brooklyn phoenix billy clay forest bay willow winter spring olive ginger blaze mercy bliss wren lark
dove grey gray page snow ocean heaven journey cherry pearl coral jade crystal misty
"""

NAME_WORDS: frozenset[str] = frozenset(_NAME_WORDS.split())

# Titles: a capitalised word after one of these is a member of staff.
TITLES: frozenset[str] = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "mme"})

# Well-known UK SEND programmes and their everyday names. A group applies to a
# provision whose name is (or contains) one of its phrases.
ALIAS_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split("|"))
    for g in (
        "salt|slt|speech and language therapy|speech and language|speech and lang|speech therapy|speech|s and l|s l|sandl",
        "ot|occupational therapy|occ therapy|occupational|occy therapy|occ",
        "elsa|emotional literacy|emotional literacy support",
        "attention autism|bucket time|bucket|attention bucket",
        "lego therapy|lego based therapy|lego|lego club|lego group",
        "precision teaching|pt|precision",
        "sensory circuits|sensory circuit|circuits",
        "intensive interaction|ii",
        "standing frame|stander",
        "drawing and talking|drawing talking|d and t|d t|draw and talk",
        "social skills group|social skills",
        "fine motor skills|fine motor|fms",
        "gross motor skills|gross motor|gms",
        "nurture group|nurture",
        "talk boost|talkboost",
        "read write inc|rwi|read write|read write inc phonics|phonics",
        "five minute box|5 minute box|5mb",
        "social stories|social story",
        "comic strip conversations|comic strips|comic strip",
        "colourful semantics|colorful semantics|col sem|col sems|colour sem",
        "physiotherapy|physio",
        "hydrotherapy|hydro",
        "rebound therapy|rebound|trampoline|trampolining",
        "tac pac|tacpac",
        "counselling|counseling|counsellor|counselor|school counsellor",
        "mentoring|mentor|learning mentor",
        "zones of regulation|zones|zor|zones of reg",
        "bsl|british sign language|sign language|signing|sign support|signing support|bsl support",
        "teacher of the deaf|tod|teacher of deaf|tod support|tod visit",
        "auditory verbal therapy|avt|auditory verbal|auditory-verbal",
        "toe by toe|toe 2 toe|tbt",
        "lexia|lexia reading|lexia core",
        "numicon|numicon maths",
        "movement breaks|movement break",
        "emotion coaching|emotion coach",
        "touch typing|typing|touch type",
        "handwriting|handwriting without tears|hwt",
        "language for thinking|lft",
        "five point scale|5 point scale|incredible 5 point scale",
        "play therapy|play therapist",
        "art therapy|art therapist",
        "music therapy|music therapist",
        "equine therapy|equine assisted therapy|horse therapy|horse riding|riding therapy|equine",
        "habilitation training|habilitation|hab training|hab|mobility training|mobility and habilitation",
        "life skills cookery|cookery|cooking|life skills cooking|cooking skills",
    )
)

# The words a provision's everyday name or abbreviation begins with that are
# not ordinary English ("rwi", "zor", "salt", "elsa", "lego"): after "will" or
# "may" such a word makes it the pupil ("will RWI 20 mins").
PROVISION_HEADS: frozenset[str] = (
    frozenset(phrase.split()[0] for group in ALIAS_GROUPS for phrase in group)
    - COMMON_WORDS
    - {"5", "d", "s"}
)
