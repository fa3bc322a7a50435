//! The words around a name that tell its type: `l’entreprise X`, `le fabricant de drones X`,
//! `PDG de X`, `X, vice-président de…`, `M. X`, `à X`, `baptisé X`, `X Act`. These are closed
//! classes of French, English and German grammar and job titles, not knowledge of any name.

use super::tokens::{Kind, Lang, View};
use super::wordset::WordSet;

/// Nouns that introduce an organization (`la société X`, `the chipmaker X`, `der Konzern X`,
/// and German compounds ending in one: `der Technologiekonzern X`).
pub fn org_cue(w: &str) -> bool {
    ORG_CUE_WORDS.contains(w)
        || w.len() > 8
            && [
                "konzern",
                "unternehmen",
                "hersteller",
                "firma",
                "gruppe",
                "zulieferer",
                "anbieter",
                "sparte",
                "verlag",
                "betreiber",
                "gewerkschaft",
                "investor",
                "verband",
                "kette",
                "versicherer",
                "handler",
                "dienst",
                "versender",
            ]
            .iter()
            .any(|s| w.ends_with(s))
}

static ORG_CUE_WORDS: WordSet = WordSet::new(
    "\
    entreprise entreprises societe groupe firme marque fabricant fabriquant constructeur sparte \
    industriel equipementier operateur editeur start-up startup licorne banque assureur \
    distributeur enseigne geant specialiste sous-traitant fournisseur concurrent rival \
    partenaire cabinet fonds agence association syndicat federation organisation ong \
    laboratoire labo chaine journal quotidien hebdomadaire magazine media filiale holding \
    compagnie transporteur leader company companies firm maker manufacturer group brand \
    giant retailer carrier operator publisher bank insurer supplier subcontractor vendor \
    provider studio newspaper broadcaster agency fund conglomerate chipmaker automaker \
    carmaker unternehmen konzern firma hersteller anbieter zulieferer handler marke gruppe \
    verlag zeitung sender betreiber tochter mutterkonzern autobauer chiphersteller rivale \
    konkurrent start-ups startups",
);

/// Job titles and roles: a name after them (or before `, <role>`) is a person; `<role> de X`
/// makes X an organization. German compounds count by their last part (`Firmenchef`).
pub fn role_word(w: &str) -> bool {
    // The shortest suffix has four letters and needs more than three before it: shorter
    // words, most of them, go straight to the list of whole words.
    w.len() > 7
        && ROLE_SUFFIXES
            .iter()
            .any(|s| w.len() > s.len() + 3 && w.ends_with(s))
        && !w.contains(' ')
        || ROLE_WORDS.contains(w)
}

/// German role words that end compounds (`Firmenchef`, `Konzernsprecherin`).
const ROLE_SUFFIXES: &[&str] = &[
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "leiter",
    "leiterin",
    "grunder",
    "grunderin",
    "direktor",
    "direktorin",
    "prasident",
    "prasidentin",
    "minister",
    "ministerin",
    "vorsitzende",
    "vorsitzender",
    "kanzler",
    "kanzlerin",
    "experte",
    "expertin",
    "analyst",
    "analystin",
];

static ROLE_WORDS: WordSet = WordSet::new(
    "\
    pdg ceo cfo cto coo dg president presidente vice-president vice-presidente directeur \
    directrice fondateur fondatrice cofondateur cofondatrice co-fondateur co-fondatrice \
    patron patronne dirigeant dirigeante ministre secretaire porte-parole depute deputee \
    senateur senatrice maire chef responsable administrateur administratrice gerant gerante \
    economiste analyste avocat avocate chercheur chercheuse professeur journaliste \
    entraineur founder cofounder co-founder chairman chairwoman chair director minister \
    secretary spokesperson spokesman spokeswoman head chief executive mayor senator governor \
    boss analyst economist lawyer researcher professor manager grunder grunderin \
    vorstandschef vorstandschefin geschaftsfuhrer geschaftsfuhrerin ministerin sprecher \
    sprecherin burgermeister burgermeisterin prasident prasidentin kanzler kanzlerin leiter \
    leiterin direktor direktorin abgeordnete abgeordneter chefin vice-presidents co-ceo \
    engineer scientist designer developer consultant adviser advisor strategist chancellor \
    premier commissioner ambassador envoy judge prosecutor attorney coach captain president \
    vorsitzende vorsitzender bundeskanzler bundeskanzlerin \
    consejero consejera presidenta ministro ministra portavoz alcalde alcaldesa fundador \
    fundadora directora gerente economista analista amministratore fondatore fondatrice \
    sindaco portavoce speaker leader representative congressman congresswoman councillor \
    councilman councilwoman lawmaker candidate nominee striker midfielder defender goalkeeper \
    forward substitute winger rapper singer actor actress author writer novelist artist \
    producer historian sociologist physicist inventor entrepreneur investor billionaire \
    trainer trainerin torwart sanger sangerin autor autorin schauspieler schauspielerin \
    kunstler kunstlerin",
);

/// A role word, or its plural (`analysts at X`, `two engineers, X and Y`).
pub fn role_word_or_plural(w: &str) -> bool {
    role_word(w) || w.strip_suffix('s').is_some_and(role_word)
}

/// Courtesy titles before a person's name (`M.`, `Mme`, `Dr`, `Herr`).
pub fn title_word(w: &str) -> bool {
    TITLE_WORD_WORDS.contains(w)
}

static TITLE_WORD_WORDS: WordSet = WordSet::new(
    "\
    m mme mmes mlle mr mrs ms dr pr prof herr frau monsieur madame mademoiselle sir dame \
    lord lady me",
);

/// Nouns and participles that introduce a product (`le smartphone X`, `baptisé X`).
pub fn product_cue(w: &str) -> bool {
    PRODUCT_CUE_WORDS.contains(w)
}

static PRODUCT_CUE_WORDS: WordSet = WordSet::new(
    "\
    smartphone smartphones telephone mobile tablette ordinateur portable laptop console jeu \
    logiciel application appli app os gamme modele version voiture vehicule berline citadine \
    suv avion appareil montre casque enceinte solution offre produit outil assistant \
    navigateur processeur puce phone handset device model software browser car tablet game \
    chatbot drone robot wallet wallets lineup range series serie baptise baptisee baptises \
    baptisees nomme nommee appele appelee denomme denommee dubbed named called genannt \
    namens modell gerat handy telefon spiel fahrzeug exploitation compatible compatibles \
    plateforme platform",
);

/// Words that end a law or standard's name (`Foreign Intelligence Surveillance Act`).
pub fn law_head(w: &str) -> bool {
    LAW_HEAD_WORDS.contains(w)
}

static LAW_HEAD_WORDS: WordSet = WordSet::new(
    "\
    act law directive regulation reglement loi treaty traite protocol protocole gesetz \
    richtlinie verordnung amendment charter charte",
);

/// Words that make a name an organization wherever they sit in it (`Orange Business Services`,
/// `Université de Lyon`, `Foo Inc.`).
pub fn org_head(w: &str) -> bool {
    ORG_HEAD_WORDS.contains(w)
}

static ORG_HEAD_WORDS: WordSet = WordSet::new(
    "\
    inc corp corporation ltd llc plc sa sas sarl gmbh ag group groupe holding holdings \
    electronique mobile mobil industrie \
    technologies technology systems labs industries motors airlines airways bank banque \
    partners capital ventures media studios foundation fondation association institute \
    institut university universite universitat hochschule agency agence ministry ministere \
    ministerium council conseil commission committee comite office union party parti partei \
    club federation confederation syndicat fund fonds entreprise enterprise enterprises \
    company compagnie societe gesellschaft verband stiftung organisation organization \
    authority autorite bureau centre center police gendarmerie army armee court cour \
    tribunal school ecole college hospital hopital network services solutions communications \
    telecom electronics pharma energy energie insurance assurances mutuelle caisse unite \
    agentur amt bundesamt konzern werke bahn post times news press presse tv radio airline \
    software tech securities biotech therapeutics pharmaceuticals pharmaceutique logistics \
    automotive aerospace robotics semiconductor semiconductors investments associates \
    consulting advisors brands foods airlines fc afc cf athletic wanderers rovers \
    versicherung versicherungen sparkasse volksbank bundesbank genossenschaft kliniken \
    universidad banco grupo compania fundacion ministerio universita research analytics \
    advisory strategies equity resources games entertainment records pictures films \
    publishing healthcare medical clinic trust realty properties shipping transport mining \
    petroleum chemicals steel cycles biosciences diagnostics department division \
    directorate administration",
);

/// Common nouns written as acronyms: never a name on their own.
pub fn common_acronym(w: &str) -> bool {
    COMMON_ACRONYM_WORDS.contains(w)
}

static COMMON_ACRONYM_WORDS: WordSet = WordSet::new(
    "\
    os pc tv pdg ceo cfo cto coo dg drh rh hr ia ai pme tpe eti sms mms gps usb cpu gpu pdf \
    api ssd hdd ram rom led lcd oled hd uhd it pr vip diy faq cv qr rse csr tva vat pib gdp \
    cdi cdd rtt sav b2b b2c ong ngo pv ht ttc kpi roi ipo nb ps sdf btp adn dna arn rna vtc \
    suv nfc iot saas erp crm vpn dns url html http https www id pin sim esim cb rib iban pma \
    ivg hlm ok ndlr etc lol mdr ptdr svp stp rdv tl dr nda ip ui ux ar vr xr ev 4g 5g 3g \
    wifi ceos pdgs pcb soc ssl tls ko ps5 rgpd gdpr cgu cgv tnt dab",
);

/// Compass points: `le Sud du pays` is no place name on its own.
pub fn compass(w: &str) -> bool {
    COMPASS_WORDS.contains(w)
}

static COMPASS_WORDS: WordSet = WordSet::new(
    "\
    nord sud est ouest nord-est nord-ouest sud-est sud-ouest north south east west northeast \
    northwest southeast southwest norden suden osten westen midi",
);

/// Heads of French institution names, written with one capital: `l’Office national des
/// forêts`, `la Cour des comptes`, `la Banque mondiale`.
pub fn institution_head(w: &str) -> bool {
    INSTITUTION_HEAD_WORDS.contains(w)
}

static INSTITUTION_HEAD_WORDS: WordSet = WordSet::new(
    "\
    office agence banque conseil cour commission comite institut ministere autorite caisse \
    fondation association federation confederation syndicat universite ecole centre tribunal \
    parti assemblee direction haut-commissariat haute observatoire societe compagnie union \
    organisation musee bibliotheque mutuelle",
);

/// Articles that may open a name (`Le Figaro`, `The Guardian`, `Die Zeit`).
pub fn article(w: &str) -> bool {
    matches!(w, "le" | "la" | "les" | "l" | "the" | "der" | "die" | "das")
}

/// Lower-case words that may join the parts of a name (`Asie du Sud-Est`, `Bank of America`,
/// `Ursula von der Leyen`, `Banque de France`).
pub fn joining_particle(w: &str) -> bool {
    JOINING_PARTICLE_WORDS.contains(w)
}

static JOINING_PARTICLE_WORDS: WordSet = WordSet::new(
    "\
    de du d la le l von van der den di da del della dos of the zu al el bin ben ter",
);

fn lower_between(view: &View, k: usize) -> bool {
    view.is_lower_word(k) || view.kind(k) == Some(Kind::Elision)
}

/// `la société X`, `le fabricant de drones X`, `l’industriel français X`, `le fonds
/// d’investissement chinois, X`: an organization noun shortly before, with only lower-case
/// words between.
pub fn org_before(view: &View, a: usize) -> bool {
    let mut k = a;
    if k > 0 && view.punct(k - 1) == Some(',') {
        k -= 1;
    }
    // German capitalizes every noun: only the cue right before counts (`der Konzern Siemens`,
    // not `der Konzern betreibt Werke`).
    if view.lang == Lang::De {
        return k > 0 && view.is_word(k - 1) && org_cue(view.fw(k - 1));
    }
    for _ in 0..6 {
        if k == 0 {
            return false;
        }
        k -= 1;
        if view.is_word(k) && org_cue(view.fw(k)) {
            return true;
        }
        if !lower_between(view, k) {
            return false;
        }
    }
    false
}

/// `PDG de X`, `CEO of X`, `vice-président affaires publiques d’X`, `chez X`, `bei X`.
pub fn role_of_before(view: &View, a: usize) -> bool {
    if a == 0 {
        return false;
    }
    let prev = view.fw(a - 1);
    if matches!(prev, "chez" | "bei") {
        return true;
    }
    if !matches!(prev, "de" | "d" | "du" | "of" | "at" | "von") {
        return false;
    }
    let mut k = a - 1;
    for _ in 0..7 {
        if k == 0 {
            return false;
        }
        k -= 1;
        let w = view.fw(k);
        if matches!(w, "maire" | "mayor" | "burgermeister" | "burgermeisterin") {
            return false;
        }
        if role_word_or_plural(w) {
            return true;
        }
        if !(lower_between(view, k) || view.has(k, super::tokens::flag::ALLCAPS) && role_word(w)) {
            return false;
        }
    }
    false
}

/// `ministre de l’Industrie`, `Minister of Finance`: a portfolio, not a name.
pub fn portfolio_before(view: &View, a: usize) -> bool {
    let mut k = a;
    while k > 0 && matches!(view.fw(k - 1), "l" | "la" | "le" | "les" | "the") {
        k -= 1;
    }
    if k == 0 || !matches!(view.fw(k - 1), "de" | "d" | "du" | "des" | "of" | "for") {
        return false;
    }
    k > 1
        && matches!(
            view.fw(k - 2),
            "ministre"
                | "minister"
                | "ministerin"
                | "ministers"
                | "ministres"
                | "secretary"
                | "secretaire"
                | "commissaire"
                | "commissioner"
        )
}

/// `M. X`, `Mme X`, `Dr X`, `Herr X`.
pub fn title_before(view: &View, a: usize) -> bool {
    if a == 0 {
        return false;
    }
    let mut k = a - 1;
    if view.punct(k) == Some('.') && k > 0 {
        k -= 1;
    }
    view.is_word(k) && title_word(view.fw(k))
}

/// `le ministre X`, `CEO X`, `la directrice générale X`.
pub fn role_before(view: &View, a: usize) -> bool {
    if a == 0 {
        return false;
    }
    let w = view.fw(a - 1);
    if role_word(w) {
        return true;
    }
    a >= 2 && view.is_lower_word(a - 1) && role_word(view.fw(a - 2))
}

/// `la ministre de l’Industrie, X`, `the Minister of Finance, X`: a role, a comma, the person.
pub fn role_before_comma(view: &View, a: usize) -> bool {
    if a < 2 || view.punct(a - 1) != Some(',') {
        return false;
    }
    let mut k = a - 1;
    for _ in 0..6 {
        if k == 0 {
            return false;
        }
        k -= 1;
        if !matches!(view.kind(k), Some(Kind::Word) | Some(Kind::Elision)) {
            return false;
        }
        if role_word_or_plural(view.fw(k)) {
            return true;
        }
    }
    false
}

/// `X said`, `X a déclaré`, `X sagte`, `selon X`, `according to X`: someone speaking.
pub fn speech_around(view: &View, a: usize, b: usize) -> bool {
    let mut k = b;
    if view.punct(k) == Some(',') {
        k += 1;
    }
    let after = view.fw(k);
    let said = SPEECH_WORDS.contains(after)
        || matches!(after, "a" | "ha" | "hat")
            && view.is_lower_word(k + 1)
            && SPEECH_WORDS.contains(view.fw(k + 1));
    let before = a >= 1
        && matches!(
            view.fw(a - 1),
            "said" | "says" | "told" | "selon" | "sagte" | "erklarte" | "segun" | "secondo"
        )
        || a >= 2 && view.fw(a - 1) == "to" && view.fw(a - 2) == "according";
    said || before
}

static SPEECH_WORDS: WordSet = WordSet::new(
    "\
    said says told added explained wrote declared argued warned noted insisted \
    declare indique explique affirme assure estime precise souligne ajoute confie \
    raconte reconnait temoigne martele annonce declare indique explique affirme assure estime \
    precise souligne ajoute sagte erklarte betonte sagt erklart betont meint \
    stated commented announced admitted recalled acknowledged cautioned predicted replied \
    confirmed explains adds writes notes argues warns \
    fugte kundigte warnte sagten erklarten \
    dijo explico afirmo senalo aseguro declaro indico anadio \
    detto dichiarato spiegato gesagt",
);

/// `X, vice-président de…`, `X, le fondateur`, `X, a senior analyst at…`, `X, 52, chief
/// executive`: a person.
pub fn role_after(view: &View, b: usize) -> bool {
    if view.punct(b) != Some(',') {
        return false;
    }
    let mut k = b + 1;
    // An age: `X, 52, the chairman`, `Mitchell, 19, joined`: only people are given one.
    if view.kind(k) == Some(Kind::Num) && view.punct(k + 1) == Some(',') {
        let raw = view.raw(k);
        if raw.len() == 2 && raw >= "16" && view.is_lower_word(k + 2) {
            return true;
        }
        k += 2;
    }
    // A determiner, then at most three lower-case words before the role (`the company's
    // new head`, `un ancien directeur`, `a healthcare analyst`).
    let start = k;
    while k < start + 5 {
        let w = view.fw(k);
        if role_word(w) {
            return true;
        }
        let determiner = matches!(
            w,
            "le" | "la"
                | "l"
                | "un"
                | "une"
                | "the"
                | "a"
                | "an"
                | "son"
                | "sa"
                | "its"
                | "his"
                | "her"
                | "their"
                | "der"
                | "die"
                | "ein"
                | "eine"
                | "el"
                | "il"
        ) || view.kind(k) == Some(Kind::Elision);
        let modifier =
            view.is_lower_word(k) && !CLAUSE_WORDS.contains(w) && !SPEECH_WORDS.contains(w);
        if !(determiner && k == start || modifier) {
            return false;
        }
        k += 1;
    }
    false
}

/// Words that open a clause rather than describe the name before the comma (`Lyon, where the
/// mayor…`).
static CLAUSE_WORDS: WordSet = WordSet::new(
    "\
    where which who whom whose when while and or but as after before since because if than \
    then also ou qui que dont et mais quand lorsque comme puis aussi wo wie als und oder aber \
    weil dass denn donde que y pero cuando",
);

/// `X, un sous-traitant…`, `X, l’entreprise…`: an organization.
pub fn org_after(view: &View, b: usize) -> bool {
    if view.punct(b) != Some(',') {
        return false;
    }
    for k in b + 1..b + 4 {
        let w = view.fw(k);
        if org_cue(w) {
            return true;
        }
        if !(matches!(
            w,
            "un" | "une"
                | "le"
                | "la"
                | "l"
                | "a"
                | "an"
                | "the"
                | "ein"
                | "eine"
                | "der"
                | "die"
                | "das"
        ) || view.kind(k) == Some(Kind::Elision))
        {
            return false;
        }
    }
    false
}

/// `baptisé X`, `le smartphone X`, `la gamme X`, `compatibles avec X`, `système d’exploitation X`.
pub fn product_before(view: &View, a: usize) -> bool {
    if a == 0 {
        return false;
    }
    let p1 = view.fw(a - 1);
    if product_cue(p1) && view.is_word(a - 1) && !view.has(a - 1, super::tokens::flag::ALLCAPS) {
        return true;
    }
    if matches!(p1, "avec" | "with" | "mit")
        && a >= 2
        && matches!(view.fw(a - 2), "compatible" | "compatibles" | "kompatibel")
    {
        return true;
    }
    a >= 2
        && view.is_lower_word(a - 1)
        && !matches!(p1, "de" | "du" | "des" | "of")
        && product_cue(view.fw(a - 2))
        && view.is_lower_word(a - 2)
}

/// `un X`, `une X`, `ce grand X`: a thing, not a name, in French and German (English uses `a
/// Google engineer` for organizations).
pub fn thing_before(view: &View, a: usize) -> bool {
    if a == 0 || view.lang == Lang::En {
        return false;
    }
    let det = |w: &str| {
        matches!(
            w,
            "un" | "une"
                | "ce"
                | "cet"
                | "cette"
                | "ein"
                | "eine"
                | "einen"
                | "dieser"
                | "diese"
                | "dieses"
        )
    };
    det(view.fw(a - 1)) && view.is_word(a - 1)
        || a >= 2 && view.is_lower_word(a - 1) && view.is_word(a - 2) && det(view.fw(a - 2))
}

/// `à X`, `en X` (French), `in X`, `near X`, `the city of X` (English), `in X`, `aus X`, `der
/// Stadt X` (German; see [`toponym_de`] for what the name itself must look like there).
pub fn place_before(view: &View, a: usize) -> bool {
    if a == 0 {
        return false;
    }
    let raw = view.raw(a - 1);
    match view.lang {
        Lang::En => {
            matches!(raw, "in" | "near" | "outside")
                && !(raw == "in" && a >= 2 && STAKE_NOUNS.contains(view.fw(a - 2)))
                || a >= 2 && raw == "of" && SETTLEMENT_NOUNS.contains(view.fw(a - 2))
        }
        Lang::De => {
            matches!(raw, "in" | "aus" | "nach" | "bei" | "nahe")
                || view.is_word(a - 1) && place_cue_de(view.fw(a - 1))
        }
        _ => {
            matches!(raw, "à" | "À" | "en" | "En")
                || (a >= 2
                    && matches!(view.fw(a - 1), "de" | "d")
                    && matches!(
                        view.fw(a - 2),
                        "pres"
                            | "ville"
                            | "commune"
                            | "maire"
                            | "village"
                            | "habitants"
                            | "proche"
                            | "region"
                            | "banlieue"
                            | "agglomeration"
                            | "departement"
                    ))
        }
    }
}

/// `investment in X`, `a stake in X`: a company, not a place.
static STAKE_NOUNS: WordSet = WordSet::new(
    "\
    investment investments invest invests invested investing stake stakes shares share \
    interest holding holdings position positions",
);

/// `the city of X`, `the town of X`.
static SETTLEMENT_NOUNS: WordSet = WordSet::new(
    "\
    city town village suburb county province region port district municipality borough \
    island state",
);

/// German nouns that introduce a place (`der Stadt X`, `im Landkreis X`), written with a
/// capital and so split from the name that follows.
pub fn place_cue_de(w: &str) -> bool {
    PLACE_CUE_DE.contains(w)
}

static PLACE_CUE_DE: WordSet = WordSet::new(
    "\
    stadt gemeinde ort dorf landkreis kreis bezirk hauptstadt kreisstadt kleinstadt grossstadt \
    metropole landeshauptstadt stadtteil ortsteil",
);

/// What a German town's name looks like (`Öhringen`, `Künzelsau`, `Ludwigsburg`): German
/// common nouns are capitalized too, so after `in` or `aus` only a toponym's ending makes an
/// unknown word a place. `w` is folded.
pub fn toponym_de(w: &str) -> bool {
    w.len() >= 6
        && TOPONYM_ENDINGS_DE
            .iter()
            .any(|e| w.len() >= e.len() + 3 && w.ends_with(e))
        && !NOUN_ENDINGS_DE.iter().any(|e| w.ends_with(e))
}

const TOPONYM_ENDINGS_DE: &[&str] = &[
    "ingen", "heim", "hausen", "burg", "berg", "dorf", "stadt", "stedt", "feld", "felde", "bach",
    "ach", "furt", "hofen", "rode", "leben", "walde", "brucken", "bruck", "hagen", "kirchen",
    "munster", "born", "brunn", "itz", "weiler", "haven", "reuth", "zell", "kirch", "wil", "ikon",
    "au", "ow",
];

/// Endings of German common nouns that also end toponyms (`Besitz`, `Neubau`, `Überleben`).
const NOUN_ENDINGS_DE: &[&str] = &[
    "sitz",
    "blitz",
    "witz",
    "dach",
    "fach",
    "krach",
    "schach",
    "bau",
    "frau",
    "schau",
    "stau",
    "tau",
    "how",
    "uberleben",
    "zusammenleben",
    "umfeld",
    "vorfeld",
    "gelingen",
];

/// Shapes of French, English and German place names: `Saint-Malo`, `Châlons-en-Champagne`,
/// `Boulogne-sur-Mer`, `Stoke-on-Trent`. `w` is folded.
pub fn place_shape(w: &str) -> bool {
    const PREFIXES: &[&str] = &["saint-", "sainte-", "st-", "ste-"];
    const INFIXES: &[&str] = &[
        "-sur-", "-sous-", "-les-", "-lez-", "-en-", "-upon-", "-on-", "-am-", "-an-der-", "-le-",
    ];
    // Every prefix and infix holds a hyphen: most words are turned away by one byte search
    // instead of ten substring searches.
    w.as_bytes().contains(&b'-')
        && (PREFIXES
            .iter()
            .any(|p| w.starts_with(p) && w.len() > p.len() + 2)
            || INFIXES.iter().any(|i| w.contains(i)))
}

/// Words that follow a model number (`Pixel 8 Pro`, `Snapdragon 8 Gen 3`).
pub fn model_suffix(w: &str) -> bool {
    MODEL_SUFFIXES.contains(w)
}

static MODEL_SUFFIXES: WordSet = WordSet::new(
    "\
    pro max ultra plus mini lite air neo gen se fe xl xs edge fold flip note sport turbo evo \
    classic",
);

/// Common nouns that take a number and make no name with it (`Phase 3`, `Artikel 5`,
/// `Saison 2`).
pub fn numbered_noun(w: &str) -> bool {
    NUMBERED_NOUNS.contains(w)
}

static NUMBERED_NOUNS: WordSet = WordSet::new(
    "\
    phase level season chapter article section stage tier round group game episode part day \
    week step zone volume page table figure line lane gate room floor act scene verse type \
    class grade category number no nr item point option case session match leg heat pool \
    niveau saison chapitre partie etape jour semaine tome acte ligne salle porte groupe \
    numero point categorie classe manche journee \
    artikel kapitel abschnitt teil stufe staffel folge runde gruppe platz spieltag tag woche \
    seite band klasse linie gleis zimmer etage nummer punkt absatz paragraf paragraph",
);

/// Words that end the name of a building or a public space (`Memorial Stadium`, `Union
/// Station`): a place.
pub fn place_head(w: &str) -> bool {
    PLACE_HEADS.contains(w)
}

static PLACE_HEADS: WordSet = WordSet::new(
    "\
    stadium arena airport station square street avenue boulevard road bridge harbour harbor \
    park valley mountains mountain river lake bay island islands peninsula canyon \
    stadion flughafen bahnhof hauptbahnhof platz strasse allee brucke tal gebirge see \
    aeroport gare",
);

/// Endings of German abstract and collective nouns (`Sicherheit`, `Intelligenz`,
/// `Entwicklung`): a capitalized word that ends so is a noun, not a name. `w` is folded.
pub fn noun_like_de(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ung", "heit", "keit", "schaft", "tion", "itat", "nis", "tum", "ismus", "enz", "anz",
        "ment", "ik", "ling", "ur",
    ];
    w.len() > 5 && ENDINGS.iter().any(|e| w.ends_with(e))
}

/// `the Emilia-Romagna region`, `the Tarn valley`: a place noun right after the name.
pub fn place_after(view: &View, b: usize) -> bool {
    view.lang == Lang::En && view.is_lower_word(b) && PLACE_NOUNS_AFTER.contains(view.fw(b))
}

static PLACE_NOUNS_AFTER: WordSet =
    WordSet::new("region province county valley area district peninsula coast basin delta river");

/// Words that end the name of an event (`Emilia Romagna Grand Prix`, `Paris Air Show`,
/// `Munich Security Conference`).
pub fn event_head(w: &str) -> bool {
    EVENT_HEADS.contains(w)
}

static EVENT_HEADS: WordSet = WordSet::new(
    "\
    prix cup open championship championships festival awards summit conference games \
    olympics marathon expo fair show forum congress biennale triennale derby classic \
    tournament rally salon festspiele messe gipfel konferenz meisterschaft pokal",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_words_and_compounds_that_end_in_one() {
        // `role_word` turns away words of seven bytes or fewer before the suffixes.
        assert_eq!(ROLE_SUFFIXES.iter().map(|s| s.len()).min(), Some(4));
        assert!(role_word("firmenchef"));
        assert!(role_word("konzernsprecherin"));
        assert!(role_word("ceo"));
        assert!(!role_word("chef de"));
        assert!(!role_word("mischef"));
        assert!(!role_word("sprecher x"));
    }

    #[test]
    fn place_shapes_by_their_hyphenated_parts() {
        // `place_shape` turns away words without a hyphen before the prefixes and infixes.
        assert!(place_shape("saint-malo"));
        assert!(place_shape("chalons-en-champagne"));
        assert!(place_shape("stoke-on-trent"));
        assert!(!place_shape("saint-"));
        assert!(!place_shape("saintmalo"));
        assert!(!place_shape("boulogne sur mer"));
        assert!(!place_shape("jean-pierre"));
    }
}
