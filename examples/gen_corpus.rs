//! gen_corpus — gazette's own deterministic synthetic corpus of scraped news articles.
//!
//! Writes N plain-text files shaped like the sample articles in a seeds folder (the project's
//! `seeds/` by default): the samples' paragraphs, sentences, titles, sub-headings, footers and
//! reader comments are harvested at run time by simple shape rules, then recombined and mutated.
//! A few shapes the samples lack (English and German articles, other comment layouts) are built
//! from small sentence templates. Standard library only.
//!
//! Usage
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles N --seed S --out DIR [options]
//!
//!   --articles N      well-formed articles to write (required)
//!   --seed S          integer seed (default 1)
//!   --out DIR         output folder (created; existing files are overwritten)
//!   --seeds DIR       folder of sample .txt articles, walked recursively (default: seeds)
//!   --bad K           also write K malformed files, numbered after the others; kinds cycle:
//!                     empty, binary, latin1, bad_utf8, huge_line, bom_crlf, whitespace_only,
//!                     comments_only
//!   --huge-mb M       size of the huge_line file in MB (default 20)
//!   --comment-frac F  fraction of articles with a comment section (default 0.40)
//!   --vocab-noise P   fraction of words replaced by Zipf-distributed pseudo-words (default 0.04)
//!   --dup-frac F      extra byte-identical copies of earlier articles, as a fraction (default 0)
//!   --manifest PATH   TSV ground truth: file, kind, style, bytes, sha256, n_paragraphs,
//!                     n_comments, n_replies, title, author
//!   --jobs J          worker threads (default: available cores); output does not depend on it
//!   --print-names     only list the names the shape rules found in the seeds, with their kinds
//! ```
//!
//! Determinism: same arguments and same seeds folder ⇒ byte-identical files. Every file has its
//! own RNG (xoshiro256** seeded by splitmix64 from seed and index); no hash-map iteration order
//! is ever used. File names are `NNNNNN_<16 hex>.txt`.
//!
//! Styles (`style` column of the manifest)
//!
//! - `A` title / paragraphs with sub-headings / "Lire plus d’articles sur SITE :" footer with
//!   "– …, cliquez-ici" links; 10% a "Par AUTHOR" line.
//! - `B` title / "AUTHOR\u{a0}|" byline / paragraphs / related title printed twice / "Tags" /
//!   comments ("avatar HANDLE\u{a0}|\u{a0}" headers, replies opening with "@handle" or
//!   "@handle:" on their own line, some quoting the parent in curly or French quotes; count per
//!   section lognormal, median ~10, clamped to 0..200) / "CONNEXION UTILISATEUR".
//! - `C` optional "1:20" + "  • Copié" player residue / "AUTHOR, édité par EDITOR" / lede /
//!   optional "EXCLUSIF" / paragraphs with a quoted sub-heading; no title.
//! - `D` no title; single-newline paragraphs and sub-headings; "Suivez SITE sur …" footer.
//! - `E` title / lede / paragraphs with sub-headings.
//! - `F` English: title / "By NAME" / "March 9, 2017" / paragraphs; with comment_frac a
//!   comment section of "NAME says:" + date line + text + "Reply" blocks (~7% of articles).
//! - `G` German: title / "von NAME" / "12.12.2019" / paragraphs (~5%).
//! - `H` French article whose comments have "Par NAME, le 15 mai 2019 à 08h07" headers (~5%).
//!
//! Shares: 7% `F`, 5% `G`; a French article has a comment section (`B` 85%, `H` 15%) with a
//! probability chosen so that a fraction comment_frac of all articles has one; the others are
//! `A`, `C`, `D` or `E`, equally likely.
//!
//! Harvesting rules: the comment section starts at the first "avatar …\u{a0}|" line; known
//! boilerplate lines (player residue, bylines, "Tags", footers, …) are skipped; a short line
//! without final punctuation is the title (first) or a sub-heading, any other line a paragraph
//! split into sentences. Names are found by shape: runs of capitalised words (sentence-initial
//! words only if they also occur mid-sentence); a run starting with a known first name is a
//! person, one ending in a model code ("X4-Neo", "S") a product; media, places and sites are
//! looked up in the built-in lists; other runs are companies, and each sample's most frequent
//! company (with its acronym and case variants) is its protagonist, mapped to the article's own
//! company. `--print-names` shows what was found.
//!
//! Mutations: names found in the samples are replaced per article by names drawn (Zipf-like)
//! from deterministic pools (4000 companies with case/acronym aliases, ~8000 people, places,
//! media, sites, products); a later mention of a person may use the surname only; numbers are
//! varied and years shifted consistently within an article; a fraction of the words is replaced
//! by pseudo-words from a 40k-word Zipf vocabulary. Files other than `B` end without a trailing
//! newline 70% of the time. Average size is ~5 KB per article (100k articles ≈ 0.5 GB).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const NBSP: &str = "\u{a0}";

// ------------------------------------------------------------------------------------------
// Random numbers: splitmix64 for seeding, xoshiro256** for streams.

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn mix3(a: u64, b: u64, c: u64) -> u64 {
    let mut s = a;
    let x = splitmix64(&mut s);
    let mut s = x ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let y = splitmix64(&mut s);
    let mut s = y ^ c.wrapping_mul(0xA076_1D64_78BD_642F);
    splitmix64(&mut s)
}

struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut st = seed;
        let s = [
            splitmix64(&mut st),
            splitmix64(&mut st),
            splitmix64(&mut st),
            splitmix64(&mut st),
        ];
        Rng { s }
    }

    /// Independent stream for one item (article, bad file, ...) of one run.
    fn for_item(seed: u64, index: u64, salt: u64) -> Rng {
        Rng::new(mix3(seed, index, salt))
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }

    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f64()
    }

    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        (mu + sigma * self.normal()).exp()
    }

    fn expo(&mut self, lambda: f64) -> f64 {
        -(1.0 - self.f64()).ln() / lambda
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Zipf-like sampler over ranks 0..n (weight 1/(k+1)^s): inverse CDF, with a guide table
/// so that a draw is a short forward scan instead of a binary search over all ranks.
struct Zipf {
    cum: Vec<f64>,
    guide: Vec<u32>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        let cum: Vec<f64> = (0..n)
            .map(|k| {
                acc += 1.0 / ((k + 1) as f64).powf(s);
                acc
            })
            .collect();
        let total = acc;
        let guide = (0..n)
            .map(|j| {
                let thr = j as f64 / n as f64 * total;
                cum.partition_point(|&c| c <= thr).saturating_sub(1) as u32
            })
            .collect();
        Zipf { cum, guide }
    }

    /// The first rank whose cumulative weight exceeds a uniform draw.
    fn sample(&self, r: &mut Rng) -> usize {
        let n = self.cum.len();
        let u = r.f64();
        let t = u * self.cum[n - 1];
        let mut k = self.guide[((u * n as f64) as usize).min(n - 1)] as usize;
        while k < n - 1 && self.cum[k] <= t {
            k += 1;
        }
        k
    }
}

// ------------------------------------------------------------------------------------------
// Built-in name material (generic lists; nothing here is taken from the sample articles).

const FIRST_FR: &str = "Jean Marie Pierre Sophie Thomas Camille Nicolas Julie Cédric Agnès Hélène \
Mickaël Théo Zoé Chloé Jérôme Frédéric Stéphane Grégoire Benoît Loïc Gaëlle Anaïs Noël Isabelle \
Philippe Christophe Nathalie Sandrine Laurent Céline Olivier Valérie Sébastien Aurélie Guillaume \
Émilie Julien Élodie Antoine Manon Hugo Léa Lucas Inès Maxime Clara Alexandre Pauline Romain \
Mathilde Vincent Margaux David Lucie Yanis Justin Thierry Pascal Dominique Cyril Xavier Bruno \
Patrick Éric Didier Catherine Françoise Sylvie Martine Brigitte Karim Nadia Mehdi Sarah Yasmine \
Samir Fatima Jean-Marc Jean-Pierre Marie-Claire Anne-Sophie Pierre-Yves Jean-Baptiste Gaël Maël \
Solène Clémence Baptiste Arnaud Damien Florian Quentin Amandine Jérémy Océane Michel Alain \
Bernard Claude Christine Monique Nicole Véronique Emmanuel Franck Gilles Serge Yves Hervé Marc \
Paul Louis Jules Léon Emma Jade Louise Alice Rémi Corinne Agathe Bastien Thibault Ludovic";
const LAST_FR: &str = "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau \
Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André \
Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc \
Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine \
Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche \
Roy Meyer Lucas Meunier Pérez Marchand Dufour Blanchard Barbier Brun Dumas Brunet Schmitt Leroux \
Colin Fernandez Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine \
Picard Gaillard Philippe Leclercq Fabre Dupuis Olivier Rodriguez Hubert Guillot Rivière Guillaume \
Adam Rey Moulin Gonzalez Berger Lecomte Ménard Fleury Deschamps Carpentier Julien Benoit Maillard \
Marchal Aubry Vasseur Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy \
Pons Carré Breton Rémy Schneider Perrot Guyot Barre Marty Cousin Haddad Benali Diallo Traoré \
Kowalski Da_Silva Le_Gall Le_Roux Le_Goff Saint-Martin Bouvier Tessier Leblanc Hamon Besnard";
const FIRST_EN: &str = "James John Robert Michael William David Richard Joseph Charles Tim Mark \
Paul Steven Andrew Kevin Brian George Edward Ryan Jason Gary Mary Patricia Jennifer Linda \
Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Emily Rachel Laura Amy Anna Megan Kate";
const LAST_EN: &str = "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor \
Moore Jackson White Harris Thompson Clark Lewis Walker Hall Young King Wright Scott Green Baker \
Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins \
Stewart Morris Murphy Cook Rogers Reed Bell Ward Cox";
const FIRST_DE: &str = "Lukas Jonas Leon Finn Felix Maximilian Elias Ben Noah Lena Hannah \
Katharina Sabine Petra Monika Andreas Stefan Jürgen Klaus Uwe Wolfgang Günter Jörg Birgit Ute \
Matthias Tobias Christian Markus Frank";
const LAST_DE: &str = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz \
Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger \
Hofmann Hartmann Lange Werner Krause Meier Lehmann Schulze Maier Köhler Herrmann König Walter \
Huber Kaiser Fuchs Peters Scholz Möller Weiß Jung Hahn Vogel Friedrich Keller Günther";
const PLACES_FR: &str = "Paris Lyon Marseille Toulouse Nice Nantes Strasbourg Montpellier \
Bordeaux Lille Rennes Reims Le_Havre Saint-Étienne Toulon Grenoble Dijon Angers Nîmes \
Villeurbanne Clermont-Ferrand Le_Mans Aix-en-Provence Brest Tours Amiens Limoges Annecy \
Perpignan Metz Besançon Orléans Rouen Mulhouse Caen Nancy Roubaix Tourcoing Avignon Poitiers Pau \
La_Rochelle Calais Cannes Bayonne Colmar Laval Vannes Quimper Lorient Cholet Niort Troyes \
Chartres Valence Bourges Normandie Bretagne Alsace Occitanie Auvergne-Rhône-Alpes \
Hauts-de-France Grand_Est Nouvelle-Aquitaine Île-de-France Pays_de_la_Loire Centre-Val_de_Loire \
Bourgogne-Franche-Comté Corse Mayenne Maine-et-Loire Isère Gironde Vendée Sarthe \
Loire-Atlantique Haute-Savoie Finistère Moselle Berlin Munich Milan Barcelone Roumanie Pologne \
Hongrie Maroc Tunisie Vietnam Taïwan Sophia-Antipolis Vénissieux Saclay Grasse Montbéliard";
const PLACES_EN: &str = "London Manchester Birmingham New_York San_Francisco Austin Boston \
Seattle Chicago Toronto Dublin Edinburgh Cambridge Oxford Detroit Denver";
const PLACES_DE: &str = "Berlin München Hamburg Köln Frankfurt Stuttgart Düsseldorf Leipzig \
Dresden Hannover Nürnberg Bremen Bayern Sachsen Thüringen Wien Zürich";
const MEDIA_FR: &str =
    "Le_Figaro Le_Monde Les_Echos Libération Le_Parisien BFM_Business Europe_1 France_Info \
L'Usine_Nouvelle La_Tribune Challenges L'Express Le_Point Ouest-France 20_Minutes RTL \
France_Inter Numerama Frandroid 01net Clubic ZDNet Journal_du_Net Capital La_Dépêche \
Sud_Ouest Le_Progrès Nice-Matin La_Voix_du_Nord Le_Télégramme";
const MEDIA_EN: &str =
    "Reuters Bloomberg The_Verge TechCrunch The_Guardian CNBC the_Financial_Times \
The_Wall_Street_Journal Ars_Technica Wired";
const MEDIA_DE: &str = "Heise Spiegel Handelsblatt FAZ Süddeutschen_Zeitung Zeit_Online Golem t3n";
const SYL: &str = "va lo ri ne ta ko mi sa de ra vi no le ca pe tu ma li fa ro gi be da sy to na \
xe qui lu ve ja zo ni cor tel vex nor dor sys tec tron lux mar bel quan tis gen fin dia neo vol \
nex ar ix on is al ium bri sta plex";
const CO_SUFFIX: &[&str] = &[
    "",
    "",
    "",
    "",
    " Technologies",
    " Industries",
    " SA",
    " Group",
    " Mobile",
    " Systems",
    " Électronique",
    " France",
    " Labs",
    " & Cie",
];
const PROD_BASE: &str =
    "Core Nano Shark Trekker Vega Action Stellar Atlas Orion Nova Titan Pulse Rock Spider Falcon \
Lynx Onyx Quartz Zen Edge";
const WEB_SUFFIX: &[&str] = &[".fr", ".com", "", "", " Mag", " Actu", " Info"];
/// Capitalised words that are not names (never replaced).
const STOP: &str = "France Chine Europe Asie Afrique Amérique Océanie Hexagone États-Unis \
Etats-Unis Japon Royaume-Uni Sud Nord Est Ouest Sud-Est Sud-Ouest Nord-Est Nord-Ouest Internet \
Web Covid PDG CEO Etat État Gouvernement Français Européens Europe Occident Orient Monsieur \
Madame LOL MDR PTDR Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre \
Novembre Décembre Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Chinois Chinoise \
Chinoises Français Française Françaises Américain Américaine Américains Européen Européenne \
Asiatique Asiatiques Allemand Allemands Japonais États Etats";
/// Function words dropped from the start of a capitalised run.
const FUNC: &str = "Le La Les L Un Une Des Du De D Ce Cet Cette Ces Au Aux En À A Et Ou Mais \
Donc Or Ni Car Pour Par Selon Dans Avec Sans Chez Sur Sous Depuis Lors Après Avant Si Il Elle \
Ils Elles On Nous Vous Je Tu The An In Der Die Das Ein Eine";
const FR_MONTHS: &str =
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre";
const EN_MONTHS: &str =
    "January February March April May June July August September October November December";
const EMOTICONS: &[&str] = &[":)", ";)", "^^", ":-)", "😂", "😅", "👍"];
const SOCIAL: &[&str] = &[
    "Twitter",
    "Facebook",
    "Instagram",
    "LinkedIn",
    "Telegram",
    "Google Actualités",
];

// English and German templates. Slots: {C} the article's company, {O} another company,
// {P} a person, {L} a place, {M} a medium, {R} a product, {N} a small number, {K} a large
// amount, {Y} a year, {Q} a percentage.
const EN_SENTENCES: &[&str] = &[
    "{C} said on Tuesday it would open a new factory in {L}, creating {N} jobs by {Y}.",
    "The company expects to ship {K} units of the {R} in its first year on the market.",
    "“We are bringing production closer to our customers,” {P}, chief executive of {C}, told {M}.",
    "Shares of {C} rose {Q}% in early trading after the announcement.",
    "Analysts at {O} estimate the market for rugged phones will grow by {Q}% a year until {Y}.",
    "The move follows years of supply-chain disruption that hit manufacturers across Europe and Asia.",
    "{C} did not disclose the financial terms of its agreement with {O}.",
    "According to {M}, the plant in {L} will initially employ around {N} people.",
    "{P} declined to comment on whether the {R} would be sold outside Europe.",
    "The government has pledged {K} euros to support the relocation of electronics production.",
    "Critics say the project is too small to change the balance of power in the industry.",
    "{C} was founded in {Y} and has grown rapidly since then.",
    "The first devices are expected to leave the assembly line in the second quarter of {Y}.",
    "“This is a strong signal for the whole sector,” said {P}, an analyst at {O}.",
    "Production of the {R} had previously been outsourced to a contractor in {L}.",
    "The company says its devices can survive a drop of {N} feet onto concrete.",
    "{O} and {C} have worked together on several public tenders in recent years.",
    "Police and emergency services are among the largest customers for such devices.",
    "The plant will also assemble tablets and accessories, {M} reported.",
    "Revenue reached {K} euros last year, up {Q}% from the year before.",
    "{P} joined {C} in {Y} after a decade at {O}.",
    "Not everyone is convinced, however.",
    "Component prices have risen sharply since {Y}, squeezing margins for smaller brands.",
    "The {R} runs a hardened version of Android with security updates for {N} years.",
    "Officials in {L} welcomed the investment, calling it a vote of confidence in the region.",
    "Several rivals, including {O}, are said to be considering similar moves.",
    "{C} plans to hire {N} engineers for its research center in {L}.",
    "Details of the deal were first reported by {M} on Monday.",
];
const EN_HEADINGS: &[&str] = &[
    "Why {C} is moving production home",
    "A bet on local manufacturing",
    "What it means for customers",
    "The numbers behind the plan",
    "{C} unveils the {R}",
    "A crowded market",
    "Next steps",
    "Supply chain worries",
    "Inside the new plant in {L}",
];
const EN_TITLES: &[&str] = &[
    "{C} to build smartphones in {L} from {Y}",
    "{C} wins contract to supply {K} rugged phones",
    "{C} moves production from Asia to {L}",
    "{O} teams up with {C} on secure devices",
    "{C} unveils the {R}, its toughest phone yet",
    "Made in {L}: {C} bets on local assembly",
];
const EN_COMMENTS: &[&str] = &[
    "Great news, about time someone did this.",
    "I have owned a {R} for two years and it still works fine.",
    "Good luck to them, but I doubt the prices will be competitive.",
    "How much of the phone is actually made in {L}?",
    "This is just marketing.",
    "Finally! I will definitely buy one.",
    "The battery life on these is amazing.",
    "Does anyone know if it will be sold in the US?",
    "I would rather pay a bit more for something that lasts.",
    "Let's see if software updates follow.",
    "Assembled here, designed there, made everywhere.",
    "Same story as {O} ten years ago.",
];
const DE_SENTENCES: &[&str] = &[
    "{C} will ab {Y} Smartphones in {L} produzieren.",
    "Das Unternehmen investiert nach eigenen Angaben rund {K} Euro in den neuen Standort.",
    "„Wir holen die Produktion zurück nach Europa“, sagte {P}, Geschäftsführer von {C}, der {M}.",
    "In der ersten Phase sollen etwa {N} Mitarbeiter eingestellt werden.",
    "Die Aktie von {C} legte nach der Ankündigung um {Q} Prozent zu.",
    "Branchenbeobachter sehen darin ein Signal für die gesamte Elektronikindustrie.",
    "Bisher wurden die Geräte bei einem Auftragsfertiger in {L} gebaut.",
    "Das neue Modell {R} soll im Herbst {Y} auf den Markt kommen.",
    "Wie {M} berichtet, hat {C} den Vertrag mit {O} bereits unterzeichnet.",
    "Kritiker bezweifeln allerdings, dass sich die Fertigung in Europa langfristig rechnet.",
    "{P} zeigte sich dennoch zuversichtlich.",
    "Die Lieferketten seien in den vergangenen Jahren deutlich anfälliger geworden.",
    "Der Umsatz stieg im vergangenen Jahr um {Q} Prozent auf {K} Euro.",
    "Auch Behörden und Rettungsdienste gehören zu den Kunden des Herstellers.",
    "Das Werk in {L} soll bis {Y} vollständig ausgelastet sein.",
    "{O} prüft nach Informationen von {M} ähnliche Pläne.",
    "Die Geräte sollen Stürze aus {N} Metern Höhe unbeschadet überstehen.",
    "Ob die Preise dadurch steigen, ist noch offen.",
    "{C} wurde {Y} gegründet und beschäftigt heute rund {N} Menschen.",
    "Die Landesregierung begrüßte die Investition ausdrücklich.",
];
const DE_HEADINGS: &[&str] = &[
    "Produktion zurück in Europa",
    "Hohe Investitionen",
    "Was Kunden erwarten können",
    "Kritik aus der Branche",
    "{C} setzt auf {L}",
    "Neues Werk in {L}",
    "Ausblick",
];
const DE_TITLES: &[&str] = &[
    "{C} baut Smartphones künftig in {L}",
    "{C} holt Fertigung nach Europa zurück",
    "{O} und {C} schließen Partnerschaft",
    "{R}: {C} stellt neues Outdoor-Handy vor",
];
const H_HEADERS: &str = "Commentaires Les_commentaires Réagissez_à_cet_article Vos_réactions";

fn words(list: &str) -> Vec<String> {
    list.split_whitespace()
        .map(|w| w.replace('_', " "))
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn decapitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn group_thousands(v: u64, sep: char) -> String {
    let digits = v.to_string();
    let first = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    out.push_str(&digits[..first]);
    for chunk in digits.as_bytes()[first..].chunks(3) {
        out.push(sep);
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

fn strip_article(s: &str) -> String {
    for a in ["Le ", "La ", "Les ", "L'", "L’", "the ", "The "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.to_string();
        }
    }
    s.to_string()
}

// ------------------------------------------------------------------------------------------
// Name pools (independent of --seed).

struct Pools {
    companies: Vec<String>,
    co_alias: Vec<Vec<String>>,
    co_acro: Vec<Option<String>>,
    co_z: Zipf,
    persons: Vec<String>,
    pe_z: Zipf,
    authors: Vec<String>,
    au_z: Zipf,
    en_people: Vec<String>,
    en_z: Zipf,
    de_people: Vec<String>,
    de_z: Zipf,
    places: Vec<String>,
    pl_z: Zipf,
    places_en: Vec<String>,
    places_de: Vec<String>,
    media: Vec<String>,
    me_z: Zipf,
    sites: Vec<String>,
    si_z: Zipf,
    products: Vec<String>,
    pr_z: Zipf,
    handles: Vec<String>,
    ha_z: Zipf,
    vocab: Vec<String>,
    vo_z: Zipf,
    media_en: Vec<String>,
    media_de: Vec<String>,
    months_fr: Vec<String>,
    months_en: Vec<String>,
    h_headers: Vec<String>,
}

fn syllables(r: &mut Rng, syl: &[String], n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(r.pick(syl).as_str());
    }
    s
}

impl Pools {
    fn new(extra_sites: &[String]) -> Pools {
        let mut r = Rng::new(20240531);
        let syl = words(SYL);
        let mut companies = Vec::new();
        let mut co_alias = Vec::new();
        let mut co_acro = Vec::new();
        let mut seen = HashSet::new();
        while companies.len() < 4000 {
            let n = *r.pick(&[2, 2, 3]);
            let base = capitalize(&syllables(&mut r, &syl, n));
            if base.chars().count() < 4 || !seen.insert(base.clone()) {
                continue;
            }
            let suffix = *r.pick(CO_SUFFIX);
            let name = format!("{base}{suffix}");
            let mut al = Vec::new();
            if r.chance(0.35) {
                // inner-capital variant (like "Foobar" / "FooBar")
                let chars: Vec<char> = base.chars().collect();
                let cut = r.range(2, (chars.len() as i64 - 2).max(2)) as usize;
                let cut = cut.min(chars.len() - 1);
                let v: String = chars[..cut]
                    .iter()
                    .copied()
                    .chain(chars[cut].to_uppercase())
                    .chain(chars[cut + 1..].iter().copied())
                    .collect();
                al.push(format!("{v}{suffix}"));
            }
            if !suffix.is_empty() && suffix != " & Cie" {
                al.push(base.clone());
            }
            if r.chance(0.1) {
                al.push(base.to_uppercase());
            }
            let caps: String = name.chars().filter(|c| c.is_uppercase()).collect();
            let acro = if !suffix.is_empty() && caps.chars().count() >= 2 && r.chance(0.5) {
                Some(caps)
            } else {
                None
            };
            companies.push(name);
            co_alias.push(al);
            co_acro.push(acro);
        }
        let first = words(FIRST_FR);
        let last = words(LAST_FR);
        let mut people = Vec::new();
        let mut pseen = HashSet::new();
        for f in &first {
            for l in &last {
                let p = format!("{f} {l}");
                if pseen.insert(p.clone()) {
                    people.push(p);
                }
            }
        }
        r.shuffle(&mut people);
        let authors = people[8000..8400].to_vec();
        people.truncate(8000);
        let mut en_people = Vec::new();
        for f in words(FIRST_EN) {
            for l in words(LAST_EN) {
                en_people.push(format!("{f} {l}"));
            }
        }
        r.shuffle(&mut en_people);
        let mut de_people = Vec::new();
        for f in words(FIRST_DE) {
            for l in words(LAST_DE) {
                de_people.push(format!("{f} {l}"));
            }
        }
        r.shuffle(&mut de_people);
        let places = words(PLACES_FR);
        let media = words(MEDIA_FR);
        let mut sites: Vec<String> = Vec::new();
        while sites.len() < 60 {
            let b = capitalize(&syllables(&mut r, &syl, 2));
            let s = format!(
                "{b}{}{}",
                r.pick(&["Techno", "Tech", "Mobile", "Info", "Geek", ""]),
                r.pick(WEB_SUFFIX)
            );
            if !sites.contains(&s) {
                sites.push(s);
            }
        }
        for s in extra_sites {
            if !sites.contains(s) {
                sites.push(s.clone());
            }
        }
        let pbase = words(PROD_BASE);
        let mut products: Vec<String> = Vec::new();
        while products.len() < 600 {
            let p = format!(
                "{} {}{}{}",
                r.pick(&pbase),
                r.pick(&["X", "S", "T", "M", "G", "Z"]),
                r.range(1, 9),
                r.pick(&["", "", "-Pro", "-Neo", " Plus", " Max"])
            );
            if !products.contains(&p) {
                products.push(p);
            }
        }
        let mut handles = Vec::with_capacity(20000);
        for _ in 0..20000 {
            let k = r.f64();
            let h = if k < 0.35 {
                let n = r.range(2, 3) as usize;
                let num = r.range(0, 99);
                if r.chance(0.5) {
                    format!("{}{num}", syllables(&mut r, &syl, n))
                } else {
                    format!("{}{num:02}", syllables(&mut r, &syl, n))
                }
            } else if k < 0.55 {
                format!(
                    "{}{}{}",
                    r.pick(&first),
                    r.pick(&["", "_", "."]),
                    r.range(1, 99)
                )
            } else if k < 0.65 {
                format!("{} {}", r.pick(&first), r.pick(&last))
            } else if k < 0.8 {
                let b = capitalize(&syllables(&mut r, &syl, 2));
                let tail = *r.pick(&["Mac", "Geek", "Wizard", "Rooster", "Man", "3r", "z"]);
                format!("{b}{tail}")
            } else if k < 0.9 {
                let b = syllables(&mut r, &syl, 3).to_uppercase();
                format!("{b}{}", r.pick(&["", "³", "²", "_"]))
            } else {
                let b = syllables(&mut r, &syl, 2);
                format!("{b}{}", r.pick(&["oo", "nnno", "ito", "ux", "ka"]))
            };
            handles.push(h);
        }
        let mut vocab = Vec::with_capacity(40000);
        let mut vseen = HashSet::new();
        let endings = ["", "", "e", "s", "ent", "ique", "tion", "é", "ée", "eur"];
        while vocab.len() < 40000 {
            let n = *r.pick(&[2, 3, 3, 4]);
            let w = format!("{}{}", syllables(&mut r, &syl, n), r.pick(&endings));
            if vseen.insert(w.clone()) {
                vocab.push(w);
            }
        }
        Pools {
            co_z: Zipf::new(companies.len(), 0.9),
            companies,
            co_alias,
            co_acro,
            pe_z: Zipf::new(people.len(), 0.8),
            persons: people,
            au_z: Zipf::new(authors.len(), 1.0),
            authors,
            en_z: Zipf::new(en_people.len(), 0.8),
            en_people,
            de_z: Zipf::new(de_people.len(), 0.8),
            de_people,
            pl_z: Zipf::new(places.len(), 0.7),
            places,
            places_en: words(PLACES_EN),
            places_de: words(PLACES_DE),
            me_z: Zipf::new(media.len(), 0.7),
            media,
            si_z: Zipf::new(sites.len(), 1.0),
            sites,
            pr_z: Zipf::new(products.len(), 0.9),
            products,
            ha_z: Zipf::new(handles.len(), 0.8),
            handles,
            vo_z: Zipf::new(vocab.len(), 1.05),
            vocab,
            media_en: words(MEDIA_EN),
            media_de: words(MEDIA_DE),
            months_fr: words(FR_MONTHS),
            months_en: words(EN_MONTHS),
            h_headers: words(H_HEADERS),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Seed harvesting: text units compiled into templates of literals, names and numbers.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Main,
    MainAlt,
    MainAcr,
    Org,
    Per,
    Media,
    /// "Figaro" for "Le Figaro": follows the mapping of the full form (index).
    MediaShort(usize),
    Site,
    Loc,
    Prod,
}

struct Form {
    text: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum NumKind {
    Year(i64),
    Dotted(u64),
    Decimal(u64),
    Int(u64, bool),
}

#[derive(Clone)]
enum Seg {
    Lit(String),
    Ent(usize),
    Num(String, NumKind),
}

#[derive(Clone)]
struct Unit {
    segs: Vec<Seg>,
}

struct Seeds {
    forms: Vec<Form>,
    sentences: Vec<Unit>,
    /// Paragraphs as lists of indices into `sentences`.
    paragraphs: Vec<Vec<usize>>,
    headings: Vec<Unit>,
    titles: Vec<Unit>,
    comments: Vec<Unit>,
    c_sentences: Vec<Unit>,
    promos: Vec<Unit>,
    follow_tails: Vec<String>,
    emoji: Vec<String>,
    sites: Vec<String>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn split_sentences(s: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() && i > 0 && ".!?…»\"”".contains(chars[i - 1].1) {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j < chars.len() {
                let n = chars[j].1;
                if n.is_ascii_uppercase() || "ÀÂÉÈÊÎÔÙÇ«\"“".contains(n) {
                    out.push(s[start..chars[i].0].to_string());
                    start = chars[j].0;
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out.push(s[start..].to_string());
    out
}

fn is_boilerplate(s: &str) -> bool {
    let clock = s.len() >= 4
        && s.split_once(':').is_some_and(|(a, b)| {
            !a.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.len() == 2
                && b.chars().all(|c| c.is_ascii_digit())
        });
    clock
        || s.starts_with("• ")
        || s == "EXCLUSIF"
        || s == "Tags"
        || s.starts_with("Lire plus ")
        || s.starts_with("– ")
        || s.starts_with("Suivez ")
        || s == "CONNEXION UTILISATEUR"
        || s.ends_with("\u{a0}|")
        || s.contains(", édité par ")
        || (s.starts_with("Par ") && s.chars().count() < 60 && !s.ends_with('.'))
}

/// "avatar HANDLE\u{a0}|\u{a0}" comment header line?
fn avatar_handle(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("avatar ")?;
    let rest = rest.trim_end_matches([' ', '\t']);
    let rest = rest.strip_suffix(NBSP).unwrap_or(rest);
    let h = rest.strip_suffix(&format!("{NBSP}|"))?;
    if h.is_empty() {
        None
    } else {
        Some(h)
    }
}

/// Raw text units of one seed file.
#[derive(Default)]
struct RawFile {
    titles: Vec<String>,
    headings: Vec<String>,
    paragraphs: Vec<Vec<String>>,
    comments: Vec<String>,
    c_sentences: Vec<String>,
    promos: Vec<String>,
}

fn harvest_file(
    t: &str,
    sites: &mut Vec<String>,
    tails: &mut Vec<String>,
    emoji: &mut Vec<String>,
) -> RawFile {
    let t = t.replace("\r\n", "\n");
    let t = t.strip_prefix('\u{feff}').unwrap_or(&t);
    let lines: Vec<&str> = t.split('\n').collect();
    let csec_start = lines
        .iter()
        .position(|l| avatar_handle(l).is_some())
        .unwrap_or(lines.len());
    let mut rf = RawFile::default();
    let mut first = true;
    for line in &lines[..csec_start] {
        let s = line.trim();
        if s.is_empty() {
            continue;
        }
        if let Some(rest) = s.strip_prefix("Lire plus ") {
            if let Some(p) = rest.rfind(" sur ") {
                let site = rest[p + 5..].trim_end_matches(':').trim();
                if !site.is_empty() && !sites.iter().any(|x| x == site) {
                    sites.push(site.to_string());
                }
            }
        }
        if let Some(rest) = s.strip_prefix("Suivez ") {
            if let Some(p) = rest.find(" sur ") {
                let site = &rest[..p];
                if !sites.iter().any(|x| x == site) {
                    sites.push(site.to_string());
                }
                let tail = rest[p..].to_string();
                if !tails.contains(&tail) {
                    tails.push(tail);
                }
            }
        }
        if let Some(rest) = s.strip_prefix("– ") {
            if let Some(p) = rest.strip_suffix(", cliquez-ici") {
                rf.promos.push(p.to_string());
            }
        }
        if is_boilerplate(s) {
            continue;
        }
        if s.chars().count() < 110 && !s.ends_with(['.', '!', '?', ':', '…']) {
            if first {
                rf.titles.push(s.to_string());
            } else {
                rf.headings.push(s.to_string());
            }
        } else {
            rf.paragraphs.push(split_sentences(s));
        }
        first = false;
    }
    // comment section: blocks between avatar lines
    let mut i = csec_start;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && avatar_handle(lines[j]).is_none() {
            j += 1;
        }
        let raw = lines[i + 1..j].join("\n");
        for tok in raw.split_whitespace() {
            if tok.chars().all(|c| c as u32 >= 0x2190) && !emoji.iter().any(|e| e == tok) {
                emoji.push(tok.to_string());
            }
        }
        let txt = raw.trim_matches('\n').replace("CONNEXION UTILISATEUR", "");
        let mut txt = txt.trim();
        if txt.starts_with('@') {
            let tok_end = txt.find(char::is_whitespace).unwrap_or(txt.len());
            let after = &txt[tok_end..];
            let ws_end = after
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(after.len());
            if after[..ws_end].contains('\n') {
                txt = &after[ws_end..];
            }
        }
        if !txt.is_empty() {
            rf.comments.push(txt.to_string());
            for ln in txt.split('\n') {
                let ln = ln.trim();
                if !ln.is_empty() && !ln.starts_with(['“', '«']) {
                    rf.c_sentences.extend(split_sentences(ln));
                }
            }
        }
        i = j;
    }
    rf
}

/// Word boundary positions of `needle` in `hay`.
fn find_word(hay: &str, needle: &str) -> Vec<usize> {
    hay.match_indices(needle)
        .filter(|(p, _)| {
            let before = hay[..*p].chars().next_back();
            let after = hay[p + needle.len()..].chars().next();
            before.is_none_or(|c| !is_wordish(c)) && after.is_none_or(|c| !is_wordish(c))
        })
        .map(|(p, _)| p)
        .collect()
}

struct Tok {
    start: usize,
    end: usize,
    initial: bool,
    joined: bool,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut prev_end = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_wordish(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if is_wordish(d) {
                end = j + d.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        // trim hyphens at the ends
        let w = &text[i..end];
        let lead = w.len() - w.trim_start_matches('-').len();
        let trail = w.len() - w.trim_end_matches('-').len();
        if lead + trail >= w.len() {
            continue;
        }
        let (s, e) = (i + lead, end - trail);
        let gap = &text[prev_end..s];
        let initial =
            toks.is_empty() || gap.contains(['.', '!', '?', '…', ':', '«', '"', '“', '\n']);
        let joined = !toks.is_empty() && (gap == " " || gap == NBSP);
        toks.push(Tok {
            start: s,
            end: e,
            initial,
            joined,
        });
        prev_end = e;
    }
    toks
}

fn initials(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter_map(|p| p.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn is_acronym(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase())
}

struct Run {
    file: usize,
    text: String,
    words: Vec<String>,
    initial: bool,
}

fn capital_runs(file: usize, text: &str, out: &mut Vec<Run>) {
    let toks = tokenize(text);
    let mut cur: Vec<usize> = Vec::new();
    let flush = |cur: &mut Vec<usize>, out: &mut Vec<Run>| {
        if cur.is_empty() {
            return;
        }
        let mut ws: Vec<&Tok> = cur.iter().map(|&k| &toks[k]).collect();
        let mut initial = ws[0].initial;
        while !ws.is_empty()
            && FUNC
                .split_whitespace()
                .any(|f| f == &text[ws[0].start..ws[0].end])
        {
            ws.remove(0);
            initial = false;
        }
        if ws.is_empty() {
            cur.clear();
            return;
        }
        let words: Vec<String> = ws
            .iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect();
        out.push(Run {
            file,
            text: text[ws[0].start..ws[ws.len() - 1].end].to_string(),
            words,
            initial,
        });
        cur.clear();
    };
    for (k, t) in toks.iter().enumerate() {
        let w = &text[t.start..t.end];
        let c0 = w.chars().next().unwrap_or(' ');
        let cap = c0.is_uppercase();
        let cont = t.joined && !cur.is_empty() && (cap || c0.is_ascii_digit());
        let acro_break = cont && is_acronym(w) && {
            let ws: Vec<&str> = cur
                .iter()
                .map(|&j| &text[toks[j].start..toks[j].end])
                .collect();
            initials(&ws) == w
        };
        if cont && !acro_break {
            cur.push(k);
        } else {
            flush(&mut cur, out);
            if cap {
                cur.push(k);
            }
        }
    }
    flush(&mut cur, out);
}

fn scan_number(s: &str) -> Option<(usize, NumKind)> {
    let b = s.as_bytes();
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let word_at = |p: usize| s[p..].chars().next().is_some_and(is_word);
    if d <= 3 {
        let mut ends = Vec::new();
        let mut pos = d;
        while b.len() >= pos + 4
            && b[pos] == b'.'
            && b[pos + 1..pos + 4].iter().all(u8::is_ascii_digit)
        {
            pos += 4;
            ends.push(pos);
        }
        for &end in ends.iter().rev() {
            if !word_at(end) {
                let v: u64 = s[..end].replace('.', "").parse().ok()?;
                return Some((end, NumKind::Dotted(v)));
            }
        }
    }
    if b.len() > d + 1 && b[d] == b',' && b[d + 1].is_ascii_digit() {
        let m = b[d + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let end = d + 1 + m;
        if !word_at(end) {
            let a: u64 = s[..d].parse().ok()?;
            return Some((end, NumKind::Decimal(a)));
        }
    }
    if word_at(d) {
        return None;
    }
    let v: u64 = s[..d].parse().ok()?;
    if d == 4 && (1950..=2035).contains(&v) {
        return Some((d, NumKind::Year(v as i64)));
    }
    let pct = s[d..].starts_with('%');
    Some((d, NumKind::Int(v, pct)))
}

fn compile(text: &str, forms: &[Form], order: &[usize]) -> Unit {
    let mut segs = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let rest = &text[i..];
        if prev.is_none_or(|c| !is_wordish(c)) {
            let hit = order.iter().copied().find(|&f| {
                let t = forms[f].text.as_str();
                rest.starts_with(t)
                    && rest[t.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !is_wordish(c))
            });
            if let Some(f) = hit {
                if !lit.is_empty() {
                    segs.push(Seg::Lit(std::mem::take(&mut lit)));
                }
                segs.push(Seg::Ent(f));
                i += forms[f].text.len();
                prev = forms[f].text.chars().next_back();
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_ascii_digit() && prev.is_none_or(|p| !(is_word(p) || ".,:-".contains(p))) {
            if let Some((len, kind)) = scan_number(rest) {
                if !lit.is_empty() {
                    segs.push(Seg::Lit(std::mem::take(&mut lit)));
                }
                segs.push(Seg::Num(rest[..len].to_string(), kind));
                i += len;
                prev = rest[..len].chars().next_back();
                continue;
            }
        }
        lit.push(c);
        i += c.len_utf8();
        prev = Some(c);
    }
    if !lit.is_empty() {
        segs.push(Seg::Lit(lit));
    }
    Unit { segs }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect_txt(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

impl Seeds {
    fn load(dir: &Path, pools_first: &HashSet<String>) -> Result<Seeds, String> {
        let mut files = Vec::new();
        collect_txt(dir, &mut files)
            .map_err(|e| format!("cannot read seeds folder {}: {e}", dir.display()))?;
        files.sort();
        if files.is_empty() {
            return Err(format!("no seed .txt files in {}", dir.display()));
        }
        let mut sites = Vec::new();
        let mut tails = Vec::new();
        let mut emoji = Vec::new();
        let mut raws = Vec::new();
        for f in &files {
            let bytes = fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let t = String::from_utf8_lossy(&bytes);
            raws.push(harvest_file(&t, &mut sites, &mut tails, &mut emoji));
        }
        for e in EMOTICONS {
            if !emoji.iter().any(|x| x == e) {
                emoji.push(e.to_string());
            }
        }

        // ---- names: pool look-ups first (media, places, sites), then capitalised runs
        let mut forms: BTreeMap<String, Kind> = BTreeMap::new();
        let mut short_media: Vec<(String, String)> = Vec::new();
        let mut known: Vec<(String, Kind)> = Vec::new();
        for m in words(MEDIA_FR)
            .into_iter()
            .chain(words(MEDIA_EN))
            .chain(words(MEDIA_DE))
        {
            let s = strip_article(&m);
            if s != m {
                short_media.push((s, m.clone()));
            }
            known.push((m, Kind::Media));
        }
        for p in words(PLACES_FR)
            .into_iter()
            .chain(words(PLACES_EN))
            .chain(words(PLACES_DE))
        {
            known.push((p, Kind::Loc));
        }
        for s in &sites {
            known.push((s.clone(), Kind::Site));
        }
        known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let stop: HashSet<&str> = STOP.split_whitespace().collect();

        let mut runs = Vec::new();
        for (fi, rf) in raws.iter().enumerate() {
            let texts = rf
                .titles
                .iter()
                .chain(&rf.headings)
                .cloned()
                .chain(rf.paragraphs.iter().map(|p| p.join(" ")))
                .chain(rf.comments.iter().cloned());
            for text in texts {
                let mut masked = text.clone().into_bytes();
                for (k, kind) in &known {
                    for p in find_word(&text, k) {
                        if masked[p..p + k.len()].contains(&1) {
                            continue;
                        }
                        forms.entry(k.clone()).or_insert(*kind);
                        masked[p..p + k.len()].fill(1);
                    }
                }
                for (s, full) in &short_media {
                    for p in find_word(&text, s) {
                        if masked[p..p + s.len()].contains(&1) {
                            continue;
                        }
                        forms.entry(full.clone()).or_insert(Kind::Media);
                        forms
                            .entry(s.clone())
                            .or_insert(Kind::MediaShort(usize::MAX));
                        masked[p..p + s.len()].fill(1);
                    }
                }
                let masked = String::from_utf8(masked).unwrap_or_default();
                capital_runs(fi, &masked, &mut runs);
            }
        }
        let mid_starts: HashSet<String> = runs
            .iter()
            .filter(|r| !r.initial)
            .map(|r| r.words[0].clone())
            .collect();
        let mid_texts: HashSet<String> = runs
            .iter()
            .filter(|r| !r.initial)
            .map(|r| r.text.clone())
            .collect();
        // classify
        let mut org_counts: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
        let mut global_counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut products_first: Vec<String> = Vec::new();
        for (order, run) in runs.iter().enumerate() {
            let mut ws: Vec<&str> = run.words.iter().map(String::as_str).collect();
            let mut text = run.text.as_str();
            let mut dropped = false;
            if run.initial && !mid_starts.contains(ws[0]) && !pools_first.contains(ws[0]) {
                text = text[ws[0].len()..].trim_start();
                ws.remove(0);
                dropped = true;
                if ws.is_empty() {
                    continue;
                }
            }
            let f = ws[0];
            let l = ws[ws.len() - 1];
            if f.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let kind = if ws.len() >= 2 && pools_first.contains(f) {
                Kind::Per
            } else if ws.len() >= 2
                && (l.chars().any(|c| c.is_ascii_digit())
                    || (l.chars().count() == 1 && l.chars().all(char::is_uppercase)))
            {
                products_first.push(f.to_string());
                Kind::Prod
            } else if text.chars().count() < 3
                || (ws.len() == 1 && is_acronym(text) && text.chars().count() > 5)
                || stop.contains(text)
                || ws.iter().all(|w| stop.contains(w))
                || (dropped && !mid_texts.contains(text))
            {
                continue;
            } else {
                Kind::Org
            };
            if kind == Kind::Org {
                let e = org_counts
                    .entry((run.file, text.to_string()))
                    .or_insert((0, order));
                e.0 += 1;
                *global_counts.entry(text.to_string()).or_insert(0) += 1;
            }
            forms.entry(text.to_string()).or_insert(kind);
        }
        for p in &products_first {
            if forms.get(p) == Some(&Kind::Org) {
                forms.insert(p.clone(), Kind::Prod);
            }
        }
        // the protagonist company of each file
        let mut mains: Vec<String> = Vec::new();
        for fi in 0..raws.len() {
            let best = org_counts
                .iter()
                .filter(|((f, t), _)| *f == fi && forms.get(t) == Some(&Kind::Org))
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
            let Some(((_, t), (n, _))) = best else {
                continue;
            };
            if *n < 2 {
                continue;
            }
            if is_acronym(t) {
                let expansions: Vec<String> = org_counts
                    .keys()
                    .filter(|(f, c)| {
                        *f == fi && c != t && initials(&c.split(' ').collect::<Vec<_>>()) == *t
                    })
                    .map(|(_, c)| c.clone())
                    .collect();
                if expansions.is_empty() {
                    mains.push(t.clone());
                } else {
                    forms.insert(t.clone(), Kind::MainAcr);
                    mains.extend(expansions);
                }
            } else {
                mains.push(t.clone());
            }
        }
        for m in &mains {
            forms.insert(m.clone(), Kind::Main);
        }
        // case variants of a main name become MainAlt; acronyms of a main MainAcr
        let orgs: Vec<String> = forms
            .iter()
            .filter(|(_, k)| **k != Kind::Per)
            .map(|(t, _)| t.clone())
            .collect();
        for m in &mains {
            let mc = global_counts.get(m).copied().unwrap_or(0);
            for o in &orgs {
                if o != m && o.to_lowercase() == m.to_lowercase() {
                    let oc = global_counts.get(o).copied().unwrap_or(0);
                    let (lo, _) = if oc > mc || (oc == mc && o < m) {
                        (m, o)
                    } else {
                        (o, m)
                    };
                    forms.insert(lo.clone(), Kind::MainAlt);
                }
                if forms.get(o) == Some(&Kind::Org)
                    && is_acronym(o)
                    && initials(&m.split(' ').collect::<Vec<_>>()) == *o
                {
                    forms.insert(o.clone(), Kind::MainAcr);
                }
            }
        }
        let mut form_list: Vec<Form> = forms
            .into_iter()
            .map(|(text, kind)| Form { text, kind })
            .collect();
        for k in 0..form_list.len() {
            if let Kind::MediaShort(_) = form_list[k].kind {
                let full = short_media
                    .iter()
                    .find(|(s, _)| *s == form_list[k].text)
                    .and_then(|(_, f)| form_list.iter().position(|x| x.text == *f))
                    .unwrap_or(k);
                form_list[k].kind = if full == k {
                    Kind::Media
                } else {
                    Kind::MediaShort(full)
                };
            }
        }
        let mut order: Vec<usize> = (0..form_list.len()).collect();
        order.sort_by(|&a, &b| {
            form_list[b]
                .text
                .len()
                .cmp(&form_list[a].text.len())
                .then(a.cmp(&b))
        });

        // ---- compile the text units
        let c = |s: &String| compile(s, &form_list, &order);
        let mut sentences = Vec::new();
        let mut paragraphs = Vec::new();
        let mut headings = Vec::new();
        let mut titles = Vec::new();
        let mut comments = Vec::new();
        let mut c_sentences = Vec::new();
        let mut promos = Vec::new();
        for rf in &raws {
            titles.extend(rf.titles.iter().map(c));
            headings.extend(rf.headings.iter().map(c));
            for p in &rf.paragraphs {
                let base = sentences.len();
                sentences.extend(p.iter().map(c));
                paragraphs.push((base..sentences.len()).collect());
            }
            comments.extend(rf.comments.iter().map(c));
            c_sentences.extend(rf.c_sentences.iter().map(c));
            promos.extend(rf.promos.iter().map(c));
        }
        for rf in &raws {
            titles.extend(rf.headings.iter().filter(|h| h.chars().count() > 25).map(c));
        }
        if sentences.is_empty() {
            return Err(format!("no article paragraphs found in {}", dir.display()));
        }
        if titles.is_empty() && headings.is_empty() {
            return Err(format!(
                "no title or sub-heading lines found in {}",
                dir.display()
            ));
        }
        if titles.is_empty() {
            titles = headings.clone();
        }
        if headings.is_empty() {
            headings = titles.clone();
        }
        if comments.is_empty() {
            comments = sentences.clone();
        }
        if c_sentences.is_empty() {
            c_sentences = sentences.clone();
        }
        Ok(Seeds {
            forms: form_list,
            sentences,
            paragraphs,
            headings,
            titles,
            comments,
            c_sentences,
            promos,
            follow_tails: tails,
            emoji,
            sites,
        })
    }
}

// ------------------------------------------------------------------------------------------
// Article generation.

struct Gen {
    seeds: Seeds,
    pools: Pools,
    noise: f64,
    comment_frac: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Fr,
    En,
    De,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CommentFmt {
    Avatar,
    ParLe,
}

#[derive(Default)]
struct Meta {
    style: &'static str,
    title: String,
    author: String,
    n_paragraphs: usize,
    n_comments: usize,
    n_replies: usize,
}

/// Per-article mutation state.
struct Art<'a> {
    g: &'a Gen,
    r: Rng,
    main: usize,
    map: Vec<Option<String>>,
    seen_person: Vec<String>,
    year_shift: i64,
    site: usize,
    people: Vec<String>,
}

impl<'a> Art<'a> {
    fn new(g: &'a Gen, mut r: Rng) -> Art<'a> {
        let p = &g.pools;
        let main = p.co_z.sample(&mut r);
        let year_shift = r.range(-9, 2);
        let site = p.si_z.sample(&mut r);
        Art {
            g,
            r,
            main,
            map: vec![None; g.seeds.forms.len()],
            seen_person: Vec::new(),
            year_shift,
            site,
            people: Vec::new(),
        }
    }

    fn main_name(&mut self) -> String {
        let p = &self.g.pools;
        let al = &p.co_alias[self.main];
        if !al.is_empty() && self.r.chance(0.12) {
            self.r.pick(al).clone()
        } else {
            p.companies[self.main].clone()
        }
    }

    fn mapped(&mut self, id: usize) -> String {
        if let Some(v) = &self.map[id] {
            return v.clone();
        }
        let g = self.g;
        let p = &g.pools;
        let f = &g.seeds.forms[id];
        let r = &mut self.r;
        let v = match f.kind {
            Kind::Org if r.chance(0.55) => p.companies[p.co_z.sample(r)].clone(),
            Kind::Per if r.chance(0.85) => p.persons[p.pe_z.sample(r)].clone(),
            Kind::Media if r.chance(0.5) => p.media[p.me_z.sample(r)].clone(),
            Kind::Loc if r.chance(0.5) => p.places[p.pl_z.sample(r)].clone(),
            Kind::Prod if r.chance(0.7) => p.products[p.pr_z.sample(r)].clone(),
            _ => f.text.clone(),
        };
        self.map[id] = Some(v.clone());
        v
    }

    fn ent(&mut self, id: usize, out: &mut String) {
        let g = self.g;
        let p = &g.pools;
        match g.seeds.forms[id].kind {
            Kind::Main => {
                let m = self.main_name();
                out.push_str(&m);
            }
            Kind::MainAlt => out.push_str(
                p.co_alias[self.main]
                    .first()
                    .unwrap_or(&p.companies[self.main]),
            ),
            Kind::MainAcr => out.push_str(
                p.co_acro[self.main]
                    .as_deref()
                    .unwrap_or(&p.companies[self.main]),
            ),
            Kind::MediaShort(full) => {
                let v = self.mapped(full);
                out.push_str(&strip_article(&v));
            }
            Kind::Site => out.push_str(&p.sites[self.site]),
            Kind::Per => {
                let v = self.mapped(id);
                if self.seen_person.contains(&v) && self.r.chance(0.3) {
                    out.push_str(v.split_once(' ').map_or(v.as_str(), |x| x.1));
                } else {
                    out.push_str(&v);
                    self.seen_person.push(v);
                }
            }
            _ => {
                let v = self.mapped(id);
                out.push_str(&v);
            }
        }
    }

    fn num(&mut self, orig: &str, kind: NumKind, out: &mut String) {
        let r = &mut self.r;
        match kind {
            NumKind::Year(y) => {
                let _ = write!(out, "{}", y + self.year_shift);
            }
            _ if r.chance(0.5) => out.push_str(orig),
            NumKind::Dotted(v) => {
                let nv = ((v as f64 * r.uniform(0.3, 3.0)) as u64).max(1000);
                out.push_str(&group_thousands(nv, '.'));
            }
            NumKind::Decimal(a) => {
                let nv = ((a as f64 * r.uniform(0.5, 2.0)) as u64).max(1);
                let _ = write!(out, "{nv},{}", r.below(10));
            }
            NumKind::Int(v, pct) => {
                let mut nv = ((v as f64 * r.uniform(0.5, 2.0)) as u64).max(1);
                if pct {
                    nv = nv.min(99);
                }
                let _ = write!(out, "{nv}");
            }
        }
    }

    fn render(&mut self, u: &Unit, out: &mut String) {
        for seg in &u.segs {
            match seg {
                Seg::Lit(s) => out.push_str(s),
                Seg::Ent(id) => self.ent(*id, out),
                Seg::Num(orig, kind) => self.num(orig, *kind, out),
            }
        }
    }

    /// Replace a fraction of the long lowercase words by Zipf-distributed pseudo-words.
    fn noise(&mut self, s: String) -> String {
        let noise = self.g.noise;
        if noise <= 0.0 {
            return s;
        }
        let spaces: Vec<usize> = s
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b' ')
            .map(|(i, _)| i)
            .collect();
        let nwords = spaces.len() + 1;
        let n = nwords as f64 * noise;
        let mut k = n as usize;
        if self.r.chance(n - k as f64) {
            k += 1;
        }
        let k = k.min(nwords);
        if k == 0 {
            return s;
        }
        let p = &self.g.pools;
        let mut pos: Vec<usize> = Vec::with_capacity(k);
        if k * 2 > nwords {
            let mut all: Vec<usize> = (0..nwords).collect();
            self.r.shuffle(&mut all);
            pos.extend_from_slice(&all[..k]);
        } else {
            while pos.len() < k {
                let q = self.r.below(nwords);
                if !pos.contains(&q) {
                    pos.push(q);
                }
            }
        }
        pos.sort_unstable();
        let mut out = String::with_capacity(s.len() + 16);
        let mut copied = 0;
        for &q in &pos {
            let start = if q == 0 { 0 } else { spaces[q - 1] + 1 };
            let end = spaces.get(q).copied().unwrap_or(s.len());
            let w = &s[start..end];
            let repl = p.vocab[p.vo_z.sample(&mut self.r)].as_str();
            if w.len() >= 4
                && w.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
                && w.chars().count() >= 4
                && w.chars().any(char::is_lowercase)
            {
                out.push_str(&s[copied..start]);
                out.push_str(repl);
                copied = end;
            }
        }
        if copied == 0 {
            return s;
        }
        out.push_str(&s[copied..]);
        out
    }

    fn mutate(&mut self, u: &Unit) -> String {
        let mut s = String::new();
        self.render(u, &mut s);
        self.noise(s)
    }

    fn paragraph(&mut self, kmin: usize, kmax: usize) -> String {
        let g = self.g;
        let s = &g.seeds;
        let mut units: Vec<&Unit> = if self.r.chance(0.35) {
            let p = self.r.pick(&s.paragraphs);
            let mut u: Vec<&Unit> = p.iter().map(|&k| &s.sentences[k]).collect();
            if u.len() > 2 && self.r.chance(0.3) {
                self.r.shuffle(&mut u);
            }
            u
        } else {
            let opts: Vec<usize> = [1, 2, 2, 3, 3, 3, 4, 4, 5]
                .into_iter()
                .filter(|x| (kmin..=kmax).contains(x))
                .collect();
            let k = if opts.is_empty() {
                kmin
            } else {
                *self.r.pick(&opts)
            };
            (0..k).map(|_| self.r.pick(&s.sentences)).collect()
        };
        let mut out = String::new();
        for (i, u) in units.drain(..).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            self.render(u, &mut out);
        }
        self.noise(out)
    }

    fn heading(&mut self) -> String {
        let g = self.g;
        let u = self.r.pick(&g.seeds.headings);
        self.mutate(u)
    }

    fn title(&mut self) -> String {
        let g = self.g;
        let u = self.r.pick(&g.seeds.titles);
        let t = self.mutate(u);
        let main = g.pools.companies[self.main].as_str();
        let lower = t.to_lowercase();
        let named = std::iter::once(main)
            .chain(g.pools.co_alias[self.main].iter().map(String::as_str))
            .any(|n| lower.contains(&n.to_lowercase()));
        if self.r.chance(0.3) && !named {
            format!("{main} : {}", decapitalize(&t))
        } else {
            t
        }
    }

    fn author(&mut self) -> String {
        let p = &self.g.pools;
        p.authors[p.au_z.sample(&mut self.r)].clone()
    }

    /// Paragraphs (false) with sub-headings (true) every few paragraphs.
    fn body_paras(
        &mut self,
        lo: i64,
        hi: i64,
        every: (i64, i64),
        lang: Lang,
    ) -> Vec<(bool, String)> {
        let n = self.r.range(lo, hi) as usize;
        let mut nxt = self.r.range(every.0, every.1) as usize;
        let mut out = Vec::with_capacity(n + 4);
        for i in 0..n {
            if i > 0 && i == nxt && i < n - 1 {
                let h = match lang {
                    Lang::Fr => self.heading(),
                    Lang::En => self.template_pick(EN_HEADINGS, lang),
                    Lang::De => self.template_pick(DE_HEADINGS, lang),
                };
                out.push((true, h));
                nxt = i + self.r.range(every.0, every.1) as usize;
            }
            let p = match lang {
                Lang::Fr => self.paragraph(1, 5),
                _ => self.tpl_paragraph(lang, 2, 5),
            };
            out.push((false, p));
        }
        out
    }

    fn date_fr(&mut self) -> (i64, usize, i64) {
        (
            2021 + self.year_shift,
            self.r.below(12),
            self.r.range(1, 28),
        )
    }

    /// French comment section; returns (text, comments, replies).
    fn comment_section(&mut self, fmt: CommentFmt, min: usize) -> (String, usize, usize) {
        let g = self.g;
        let (s, p) = (&g.seeds, &g.pools);
        let n = (self.r.lognormal(2.44, 1.1) as usize).clamp(min, 200);
        let mut handles: Vec<String> = Vec::with_capacity(n);
        let mut bodies: Vec<String> = Vec::with_capacity(n);
        let mut out = String::new();
        let mut replies = 0;
        let (y, mo, d) = self.date_fr();
        let mut minute = self.r.range(6 * 60, 22 * 60);
        let mut day = d;
        for i in 0..n {
            let mut h = if fmt == CommentFmt::ParLe && self.r.chance(0.4) {
                p.persons[p.pe_z.sample(&mut self.r)].clone()
            } else {
                p.handles[p.ha_z.sample(&mut self.r)].clone()
            };
            if self.r.chance(0.2) && !handles.is_empty() && self.r.chance(0.5) {
                h = self.r.pick(&handles).clone();
            }
            let mut body = if self.r.chance(0.6) {
                let u = self.r.pick(&s.comments);
                self.mutate(u)
            } else {
                let nl = *self.r.pick(&[1, 1, 1, 2, 2, 3]);
                let mut lines = Vec::with_capacity(nl);
                for _ in 0..nl {
                    let ns = self.r.range(1, 3);
                    let mut line = String::new();
                    for k in 0..ns {
                        if k > 0 {
                            line.push(' ');
                        }
                        let u = self.r.pick(&s.c_sentences);
                        self.render(u, &mut line);
                    }
                    lines.push(self.noise(line));
                }
                let mut b = lines.join("\n");
                if self.r.chance(0.12) {
                    let u = self.r.pick(&s.sentences);
                    b.push_str("\n\n");
                    b.push_str(&self.mutate(u));
                }
                b
            };
            if self.r.chance(0.2) {
                body.push(' ');
                body.push_str(self.r.pick(&s.emoji).as_str());
            }
            if i > 0 && self.r.chance(0.45) {
                let back = (self.r.expo(0.5) as usize).min(i - 1);
                let j = i - 1 - back;
                let colon = if self.r.chance(0.1) { ":" } else { "" };
                let head = format!("@{}{colon}", handles[j]);
                if self.r.chance(0.25) {
                    let mut q = bodies[j].split('\n').next().unwrap_or("").to_string();
                    if q.chars().count() > 300 {
                        let cut: String = q.chars().take(300).collect();
                        let cut = cut
                            .rsplit_once(' ')
                            .map_or(cut.as_str(), |x| x.0)
                            .to_string();
                        q = format!("{cut}…");
                    }
                    let q = if self.r.chance(0.6) {
                        format!("“{q}”")
                    } else {
                        format!("«{NBSP}{q}{NBSP}»")
                    };
                    body = format!("{q}\n\n{body}");
                }
                body = format!("{head}\n\n{body}");
                replies += 1;
            }
            bodies.push(body.rsplit("\n\n").next().unwrap_or("").to_string());
            match fmt {
                CommentFmt::Avatar => {
                    let _ = write!(out, "avatar {h}{NBSP}|{NBSP}\n\n{body}\n\n");
                }
                CommentFmt::ParLe => {
                    minute += 1 + self.r.expo(1.0 / 40.0) as i64;
                    if minute >= 24 * 60 {
                        minute -= 24 * 60;
                        day = (day % 28) + 1;
                    }
                    let _ = write!(
                        out,
                        "Par {h}, le {day} {} {y} à {:02}h{:02}\n\n{body}\n\n",
                        p.months_fr[mo],
                        minute / 60,
                        minute % 60
                    );
                }
            }
            handles.push(h);
        }
        (out, n, replies)
    }

    // ---- template languages (English, German)

    fn person(&mut self, lang: Lang) -> String {
        let g = self.g;
        let p = &g.pools;
        if !self.people.is_empty() && self.r.chance(0.4) {
            let v = self.r.pick(&self.people);
            return v.split_once(' ').map_or(v.as_str(), |x| x.1).to_string();
        }
        let v = match lang {
            Lang::En => p.en_people[p.en_z.sample(&mut self.r)].clone(),
            Lang::De => p.de_people[p.de_z.sample(&mut self.r)].clone(),
            Lang::Fr => p.persons[p.pe_z.sample(&mut self.r)].clone(),
        };
        self.people.push(v.clone());
        v
    }

    fn fill(&mut self, tpl: &str, lang: Lang) -> String {
        let g = self.g;
        let p = &g.pools;
        let mut out = String::with_capacity(tpl.len() + 40);
        let mut rest = tpl;
        while let Some(a) = rest.find('{') {
            out.push_str(&rest[..a]);
            let b = a + rest[a..].find('}').unwrap_or(1);
            let sep = if lang == Lang::De { '.' } else { ',' };
            match &rest[a + 1..b] {
                "C" => {
                    let m = self.main_name();
                    out.push_str(&m);
                }
                "O" => out.push_str(&p.companies[p.co_z.sample(&mut self.r)]),
                "P" => {
                    let v = self.person(lang);
                    out.push_str(&v);
                }
                "L" => out.push_str(match lang {
                    Lang::En => self.r.pick(&p.places_en).as_str(),
                    Lang::De => self.r.pick(&p.places_de).as_str(),
                    Lang::Fr => p.places[p.pl_z.sample(&mut self.r)].as_str(),
                }),
                "M" => out.push_str(match lang {
                    Lang::En => self.r.pick(&p.media_en).as_str(),
                    Lang::De => self.r.pick(&p.media_de).as_str(),
                    Lang::Fr => p.media[p.me_z.sample(&mut self.r)].as_str(),
                }),
                "R" => out.push_str(&p.products[p.pr_z.sample(&mut self.r)]),
                "N" => {
                    let v = 10f64.powf(self.r.uniform(0.3, 2.7)) as u64;
                    let _ = write!(out, "{}", v.max(2));
                }
                "K" => {
                    let v = 10f64.powf(self.r.uniform(4.0, 8.5)) as u64;
                    out.push_str(&group_thousands(v / 1000 * 1000, sep));
                }
                "Y" => {
                    let y = 2021 + self.year_shift - self.r.range(0, 12) + 2;
                    let _ = write!(out, "{y}");
                }
                "Q" => {
                    let _ = write!(out, "{}", self.r.range(1, 60));
                }
                other => out.push_str(other),
            }
            rest = &rest[b + 1..];
        }
        out.push_str(rest);
        out
    }

    fn template_pick(&mut self, list: &[&str], lang: Lang) -> String {
        let t = *self.r.pick(list);
        let s = self.fill(t, lang);
        self.noise(s)
    }

    fn tpl_paragraph(&mut self, lang: Lang, lo: i64, hi: i64) -> String {
        let list = if lang == Lang::De {
            DE_SENTENCES
        } else {
            EN_SENTENCES
        };
        let k = self.r.range(lo, hi);
        let mut out = String::new();
        for i in 0..k {
            if i > 0 {
                out.push(' ');
            }
            let t = *self.r.pick(list);
            let s = self.fill(t, lang);
            out.push_str(&s);
        }
        self.noise(out)
    }

    fn en_date(&mut self) -> (String, i64, usize, i64) {
        let y = 2021 + self.year_shift;
        let m = self.r.below(12);
        let d = self.r.range(1, 28);
        (format!("{} {d}, {y}", self.g.pools.months_en[m]), y, m, d)
    }

    fn en_comments(&mut self, title: &str, date: (i64, usize, i64)) -> (String, usize, usize) {
        let g = self.g;
        let p = &g.pools;
        let n = (self.r.lognormal(1.9, 1.0) as usize).min(120);
        let mut out = String::new();
        match self.r.below(3) {
            0 => {
                let _ = write!(out, "{n} thoughts on “{title}”\n\n");
            }
            1 => {
                let _ = write!(out, "{n} Comments\n\n");
            }
            _ => out.push_str("Comments\n\n"),
        }
        let (y, mut m, mut d) = date;
        let mut names: Vec<String> = Vec::new();
        let mut replies = 0;
        let mut minute = self.r.range(7 * 60, 20 * 60);
        for i in 0..n {
            let name = if self.r.chance(0.5) {
                p.en_people[p.en_z.sample(&mut self.r)].clone()
            } else {
                p.handles[p.ha_z.sample(&mut self.r)].clone()
            };
            minute += 1 + self.r.expo(1.0 / 90.0) as i64;
            if minute >= 24 * 60 {
                minute -= 24 * 60;
                d += 1;
                if d > 28 {
                    d = 1;
                    m = (m + 1) % 12;
                }
            }
            let (h12, ampm) = match minute / 60 {
                0 => (12, "am"),
                h @ 1..=11 => (h, "am"),
                12 => (12, "pm"),
                h => (h - 12, "pm"),
            };
            let ns = self.r.range(1, 3);
            let mut text = String::new();
            for k in 0..ns {
                if k > 0 {
                    text.push(' ');
                }
                let t = *self.r.pick(EN_COMMENTS);
                text.push_str(&self.fill(t, Lang::En));
            }
            if self.r.chance(0.15) {
                text.push_str("\n\n");
                let t = *self.r.pick(EN_COMMENTS);
                text.push_str(&self.fill(t, Lang::En));
            }
            if i > 0 && self.r.chance(0.35) {
                let j = i - 1 - (self.r.expo(0.5) as usize).min(i - 1);
                text = format!("@{} {text}", names[j]);
                replies += 1;
            }
            let _ = write!(
                out,
                "{name} says:\n{} {d}, {y} at {h12}:{:02} {ampm}\n{text}\nReply\n\n",
                p.months_en[m],
                minute % 60
            );
            names.push(name);
        }
        (out, n, replies)
    }
}

fn count_paras(paras: &[(bool, String)]) -> usize {
    paras.iter().filter(|(h, _)| !h).count()
}

impl Gen {
    fn article(&self, i: u64, seed: u64) -> (String, Meta) {
        let mut a = Art::new(self, Rng::for_item(seed, i, 0xA27));
        // 7% English (comments with probability comment_frac), 5% German (never comments);
        // French articles get comments a little more often so that the overall share of
        // articles with a comment section is comment_frac.
        const EN: f64 = 0.07;
        const DE: f64 = 0.05;
        let fr_comments = self.comment_frac * (1.0 - EN) / (1.0 - EN - DE);
        let u = a.r.f64();
        let style = if u < EN {
            "F"
        } else if u < EN + DE {
            "G"
        } else if a.r.chance(fr_comments) {
            if a.r.chance(0.15) {
                "H"
            } else {
                "B"
            }
        } else {
            *a.r.pick(&["A", "C", "D", "E"])
        };
        let mut m = Meta {
            style,
            ..Meta::default()
        };
        let mut text = match style {
            "A" => {
                m.title = a.title();
                let mut out = vec![m.title.clone()];
                if a.r.chance(0.1) {
                    m.author = a.author();
                    out.push(format!("Par {}", m.author));
                }
                let paras = a.body_paras(6, 12, (2, 4), Lang::Fr);
                m.n_paragraphs = count_paras(&paras);
                out.extend(paras.into_iter().map(|x| x.1));
                let k = a.r.range(2, 4);
                let mut foot = format!("Lire plus d’articles sur {} :", self.pools.sites[a.site]);
                for _ in 0..k {
                    let promo = if !self.seeds.promos.is_empty() && a.r.chance(0.5) {
                        let u = a.r.pick(&self.seeds.promos);
                        a.mutate(u)
                    } else {
                        a.heading()
                    };
                    let _ = write!(foot, "\n– {promo}, cliquez-ici");
                }
                out.push(foot);
                out.join("\n\n")
            }
            "B" => {
                m.title = a.title();
                m.author = a.author();
                let paras = a.body_paras(3, 7, (2, 4), Lang::Fr);
                m.n_paragraphs = count_paras(&paras);
                let mut out = vec![m.title.clone(), format!("{}{NBSP}|", m.author)];
                out.extend(paras.into_iter().map(|x| x.1));
                let rel = a.heading();
                out.push(rel.clone());
                out.push(rel);
                let mut text = out.join("\n\n");
                text.push_str(if a.r.chance(0.9) {
                    "\n\n\nTags\n"
                } else {
                    "\n\n"
                });
                let (c, n, rp) = a.comment_section(CommentFmt::Avatar, 0);
                text.push_str(&c);
                m.n_comments = n;
                m.n_replies = rp;
                if a.r.chance(0.85) {
                    text.push_str("CONNEXION UTILISATEUR");
                }
                text
            }
            "C" => {
                m.author = a.author();
                let editor = a.author();
                let mut out = String::new();
                if a.r.chance(0.6) {
                    let _ = write!(
                        out,
                        "{}:{:02}\n  • Copié\n",
                        a.r.range(0, 4),
                        a.r.range(0, 59)
                    );
                }
                let lede = a.paragraph(2, 3);
                let _ = write!(out, "{}, édité par {editor}\n{lede}\n", m.author);
                if a.r.chance(0.3) {
                    out.push_str("EXCLUSIF\n");
                }
                let paras = a.body_paras(3, 6, (2, 3), Lang::Fr);
                m.n_paragraphs = 1 + count_paras(&paras);
                let q = format!("\"{}\"", a.heading().trim_matches('"'));
                let mut body: Vec<String> = paras.into_iter().map(|x| x.1).collect();
                let at = (a.r.range(1, 2) as usize).min(body.len());
                body.insert(at, q);
                format!("{out}\n{}", body.join("\n\n"))
            }
            "D" => {
                let mut lines = vec![a.paragraph(1, 2)];
                let paras = a.body_paras(7, 13, (3, 5), Lang::Fr);
                m.n_paragraphs = 1 + count_paras(&paras);
                lines.extend(paras.into_iter().map(|x| x.1));
                let site = &self.pools.sites[a.site];
                let tail = if !self.seeds.follow_tails.is_empty() && a.r.chance(0.7) {
                    a.r.pick(&self.seeds.follow_tails).clone()
                } else {
                    let x = *a.r.pick(SOCIAL);
                    let y = *a.r.pick(SOCIAL);
                    if x == y {
                        format!(" sur {x} pour ne rien manquer")
                    } else {
                        format!(" sur {x} et {y} pour ne rien manquer")
                    }
                };
                lines.push(format!("Suivez {site}{tail}"));
                lines.join("\n")
            }
            "E" => {
                m.title = a.title();
                let lede = a.paragraph(1, 1);
                let paras = a.body_paras(4, 9, (2, 4), Lang::Fr);
                m.n_paragraphs = 1 + count_paras(&paras);
                let mut out = vec![m.title.clone(), lede];
                out.extend(paras.into_iter().map(|x| x.1));
                out.join("\n\n")
            }
            "H" => {
                m.title = a.title();
                let mut out = vec![m.title.clone()];
                if a.r.chance(0.3) {
                    m.author = a.author();
                    out.push(format!("Par {}", m.author));
                }
                out.push(a.paragraph(1, 2));
                let paras = a.body_paras(3, 7, (2, 4), Lang::Fr);
                m.n_paragraphs = 1 + count_paras(&paras);
                out.extend(paras.into_iter().map(|x| x.1));
                let (c, n, rp) = a.comment_section(CommentFmt::ParLe, 0);
                m.n_comments = n;
                m.n_replies = rp;
                let head = a.r.pick(&self.pools.h_headers).clone();
                let head = if a.r.chance(0.4) {
                    format!("{n} commentaires")
                } else {
                    head
                };
                let mut text = out.join("\n\n");
                let _ = write!(text, "\n\n{head}\n\n{}", c.trim_end_matches('\n'));
                text
            }
            "F" => {
                m.title = a.template_pick(EN_TITLES, Lang::En);
                m.author = a.person(Lang::En);
                a.people.clear();
                let byline = if a.r.chance(0.15) {
                    let b = a.person(Lang::En);
                    a.people.clear();
                    format!("By {} and {b}", m.author)
                } else {
                    format!("By {}", m.author)
                };
                let (date, y, mo, d) = a.en_date();
                let date_line = match a.r.below(5) {
                    0 => format!("Published {date}"),
                    1 => format!("Updated {date}"),
                    _ => date,
                };
                let paras = a.body_paras(5, 10, (2, 4), Lang::En);
                m.n_paragraphs = count_paras(&paras);
                let body: Vec<String> = paras.into_iter().map(|x| x.1).collect();
                let mut text = format!(
                    "{}\n\n{byline}\n{date_line}\n\n{}",
                    m.title,
                    body.join("\n\n")
                );
                if a.r.chance(self.comment_frac) {
                    let title = m.title.clone();
                    let (c, n, rp) = a.en_comments(&title, (y, mo, d));
                    m.n_comments = n;
                    m.n_replies = rp;
                    let _ = write!(text, "\n\n{}", c.trim_end_matches('\n'));
                }
                text
            }
            _ => {
                m.title = a.template_pick(DE_TITLES, Lang::De);
                m.author = a.person(Lang::De);
                a.people.clear();
                let (y, mo, d) = a.date_fr();
                let mut date = format!("{d:02}.{:02}.{y}", mo + 1);
                if a.r.chance(0.3) {
                    let _ = write!(
                        date,
                        ", {:02}:{:02} Uhr",
                        a.r.range(6, 22),
                        a.r.range(0, 59)
                    );
                }
                let lede = a.tpl_paragraph(Lang::De, 1, 2);
                let paras = a.body_paras(5, 11, (2, 4), Lang::De);
                m.n_paragraphs = 1 + count_paras(&paras);
                let body: Vec<String> = paras.into_iter().map(|x| x.1).collect();
                format!(
                    "{}\n\nvon {}\n{date}\n\n{lede}\n\n{}",
                    m.title,
                    m.author,
                    body.join("\n\n")
                )
            }
        };
        if style != "B" && a.r.chance(0.3) {
            text.push('\n');
        }
        (text, m)
    }
}

// ------------------------------------------------------------------------------------------
// Malformed files.

const BAD_KINDS: [&str; 8] = [
    "empty",
    "binary",
    "latin1",
    "bad_utf8",
    "huge_line",
    "bom_crlf",
    "whitespace_only",
    "comments_only",
];

const HUGE_UNIT: &str =
    "Le constructeur prévoit de produire deux millions d’appareils par an sur le \
territoire national à partir de l’année prochaine, selon son directeur général. ";

fn bad_file(g: &Gen, kind: &str, seed: u64, i: u64, huge_mb: usize) -> Vec<u8> {
    let mut r = Rng::for_item(seed, i, 0xBAD);
    match kind {
        "empty" => Vec::new(),
        "binary" => {
            let n = r.range(2000, 20000) as usize;
            let mut v: Vec<u8> = (0..n).map(|_| (r.next_u64() >> 56) as u8).collect();
            for _ in 0..8 {
                let p = r.below(n);
                v[p] = 0;
            }
            v
        }
        "latin1" => {
            // an article with at least one non-ASCII Latin-1 character (é, à, «, …), so that
            // the encoded bytes are not valid UTF-8 (English articles may have none)
            let mut t = String::new();
            for k in 0..16 {
                t = g.article(10_000_000 + i + k * 1_000_003, seed).0;
                if t.chars().any(|c| (0x80..0x100).contains(&(c as u32))) {
                    break;
                }
            }
            if !t.chars().any(|c| (0x80..0x100).contains(&(c as u32))) {
                t.push('é');
            }
            t.chars()
                .map(|c| {
                    if (c as u32) < 0x100 {
                        c as u32 as u8
                    } else {
                        b'?'
                    }
                })
                .collect()
        }
        "bad_utf8" => {
            let (t, _) = g.article(10_000_000 + i, seed);
            let mut b = t.into_bytes();
            for _ in 0..5 {
                let p = r.below(b.len() + 1);
                b.insert(p, 0xFF);
            }
            let p = r.below(b.len() + 1);
            b.insert(p, 0xC3);
            b.push(0xC3); // first byte of "é", truncated
            b
        }
        "huge_line" => {
            let target = huge_mb * 1_000_000;
            let n = target / HUGE_UNIT.len() + 1;
            HUGE_UNIT.repeat(n).into_bytes()
        }
        "bom_crlf" => {
            let (t, _) = g.article(10_000_000 + i, seed);
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(t.replace('\n', "\r\n").as_bytes());
            b
        }
        "whitespace_only" => " \n\n\t \n".repeat(10).into_bytes(),
        _ => {
            let mut a = Art::new(g, r);
            a.comment_section(CommentFmt::Avatar, 1).0.into_bytes()
        }
    }
}

// ------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4), for the manifest.

const K256: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn sha256_block(h: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (wi, c) in w.iter_mut().zip(block.chunks_exact(4)) {
        *wi = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    for (k, wi) in K256.iter().zip(w.iter()) {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(*k)
            .wrapping_add(*wi);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

fn sha256_hex(data: &[u8]) -> String {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let full = data.len() / 64 * 64;
    for block in data[..full].chunks_exact(64) {
        sha256_block(&mut h, block);
    }
    let mut tail = data[full..].to_vec();
    tail.push(0x80);
    while tail.len() % 64 != 56 {
        tail.push(0);
    }
    tail.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in tail.chunks_exact(64) {
        sha256_block(&mut h, block);
    }
    let mut s = String::with_capacity(64);
    for x in h {
        let _ = write!(s, "{x:08x}");
    }
    s
}

// ------------------------------------------------------------------------------------------
// Command line and driver.

struct Opts {
    articles: usize,
    seed: u64,
    out: PathBuf,
    seeds: PathBuf,
    bad: usize,
    huge_mb: usize,
    comment_frac: f64,
    vocab_noise: f64,
    dup_frac: f64,
    manifest: Option<PathBuf>,
    jobs: usize,
    print_names: bool,
}

const USAGE: &str = "usage: gen_corpus --articles N --seed S --out DIR [--seeds DIR] [--bad K] \
[--huge-mb M] [--comment-frac F] [--vocab-noise P] [--dup-frac F] [--manifest PATH] [--jobs J]
       gen_corpus --print-names [--seeds DIR]";

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        articles: usize::MAX,
        seed: 1,
        out: PathBuf::new(),
        seeds: PathBuf::from("seeds"),
        bad: 0,
        huge_mb: 20,
        comment_frac: 0.40,
        vocab_noise: 0.04,
        dup_frac: 0.0,
        manifest: None,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        print_names: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let (key, inline) = match args[i].split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (args[i].clone(), None),
        };
        if key == "-h" || key == "--help" {
            return Err(String::new());
        }
        if key == "--print-names" {
            o.print_names = true;
            i += 1;
            continue;
        }
        let val = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i).cloned().ok_or(format!("{key} needs a value"))?
            }
        };
        let bad = |e: &dyn std::fmt::Display| format!("{key} {val}: {e}");
        match key.as_str() {
            "--articles" => o.articles = val.parse().map_err(|e| bad(&e))?,
            "--seed" => o.seed = val.parse().map_err(|e| bad(&e))?,
            "--out" => o.out = PathBuf::from(&val),
            "--seeds" => o.seeds = PathBuf::from(&val),
            "--bad" => o.bad = val.parse().map_err(|e| bad(&e))?,
            "--huge-mb" => o.huge_mb = val.parse().map_err(|e| bad(&e))?,
            "--comment-frac" => o.comment_frac = val.parse().map_err(|e| bad(&e))?,
            "--vocab-noise" => o.vocab_noise = val.parse().map_err(|e| bad(&e))?,
            "--dup-frac" => o.dup_frac = val.parse().map_err(|e| bad(&e))?,
            "--manifest" => o.manifest = Some(PathBuf::from(&val)),
            "--jobs" => o.jobs = val.parse::<usize>().map_err(|e| bad(&e))?.max(1),
            _ => return Err(format!("unknown option {key}")),
        }
        i += 1;
    }
    if o.print_names {
        return Ok(o);
    }
    if o.articles == usize::MAX {
        return Err("--articles is required".into());
    }
    if o.out.as_os_str().is_empty() {
        return Err("--out is required".into());
    }
    Ok(o)
}

fn file_name(seed: u64, i: usize) -> String {
    format!("{i:06}_{:016x}.txt", mix3(seed, i as u64, 0xF11E))
}

struct Row {
    file: String,
    kind: String,
    style: &'static str,
    bytes: usize,
    sha256: String,
    meta: Meta,
}

fn make_file(g: &Gen, o: &Opts, dups: &[usize], i: usize) -> io::Result<Row> {
    let (data, kind, meta) = if i < o.articles {
        let (t, m) = g.article(i as u64, o.seed);
        (t.into_bytes(), "ok".to_string(), m)
    } else if i < o.articles + dups.len() {
        let src = dups[i - o.articles];
        let (t, m) = g.article(src as u64, o.seed);
        (
            t.into_bytes(),
            format!("dup_of_{}", file_name(o.seed, src)),
            m,
        )
    } else {
        let k = BAD_KINDS[(i - o.articles - dups.len()) % BAD_KINDS.len()];
        let d = bad_file(g, k, o.seed, i as u64, o.huge_mb);
        (d, k.to_string(), Meta::default())
    };
    let file = file_name(o.seed, i);
    fs::write(o.out.join(&file), &data)?;
    let sha256 = if o.manifest.is_some() {
        sha256_hex(&data)
    } else {
        String::new()
    };
    Ok(Row {
        file,
        kind,
        style: meta.style,
        bytes: data.len(),
        sha256,
        meta,
    })
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_manifest(path: &Path, rows: &[(usize, Row)]) -> io::Result<()> {
    let mut w = BufWriter::new(fs::File::create(path)?);
    writeln!(
        w,
        "file\tkind\tstyle\tbytes\tsha256\tn_paragraphs\tn_comments\tn_replies\ttitle\tauthor"
    )?;
    for (_, x) in rows {
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            x.file,
            x.kind,
            x.style,
            x.bytes,
            x.sha256,
            x.meta.n_paragraphs,
            x.meta.n_comments,
            x.meta.n_replies,
            clean(&x.meta.title),
            clean(&x.meta.author)
        )?;
    }
    w.flush()
}

fn run(o: &Opts) -> Result<(), String> {
    let t0 = Instant::now();
    let first_names = {
        let mut s: HashSet<String> = HashSet::new();
        for list in [FIRST_FR, FIRST_EN, FIRST_DE] {
            s.extend(words(list));
        }
        s
    };
    let seeds = Seeds::load(&o.seeds, &first_names)?;
    if o.print_names {
        // What the shape rules found in the seeds: one "kind<TAB>name" line per name.
        for f in &seeds.forms {
            let kind = match f.kind {
                Kind::MediaShort(full) => format!("MediaShort({})", seeds.forms[full].text),
                k => format!("{k:?}"),
            };
            println!("{kind}\t{}", f.text);
        }
        for s in &seeds.sites {
            println!("Site\t{s}");
        }
        eprintln!(
            "{} sentences, {} paragraphs, {} titles, {} sub-headings, {} comments, {} footer links",
            seeds.sentences.len(),
            seeds.paragraphs.len(),
            seeds.titles.len(),
            seeds.headings.len(),
            seeds.comments.len(),
            seeds.promos.len()
        );
        return Ok(());
    }
    let pools = Pools::new(&seeds.sites);
    let g = Gen {
        seeds,
        pools,
        noise: o.vocab_noise,
        comment_frac: o.comment_frac,
    };
    fs::create_dir_all(&o.out).map_err(|e| format!("{}: {e}", o.out.display()))?;
    let ndup = (o.articles as f64 * o.dup_frac) as usize;
    let mut r = Rng::for_item(o.seed, u64::MAX, 0xD0);
    let dups: Vec<usize> = if o.articles == 0 {
        Vec::new()
    } else {
        (0..ndup).map(|_| r.below(o.articles)).collect()
    };
    let total = o.articles + dups.len() + o.bad;
    let t_gen = Instant::now();
    const CHUNK: usize = 64;
    let next = AtomicUsize::new(0);
    let jobs = o.jobs.min(total.div_ceil(CHUNK)).max(1);
    let parts: Vec<io::Result<Vec<(usize, Row)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| -> io::Result<Vec<(usize, Row)>> {
                    let mut rows = Vec::new();
                    loop {
                        let lo = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if lo >= total {
                            break;
                        }
                        for i in lo..(lo + CHUNK).min(total) {
                            rows.push((i, make_file(&g, o, &dups, i)?));
                        }
                    }
                    Ok(rows)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("worker panicked")))
            })
            .collect()
    });
    let mut rows: Vec<(usize, Row)> = Vec::with_capacity(total);
    for p in parts {
        rows.extend(p.map_err(|e| format!("writing to {}: {e}", o.out.display()))?);
    }
    rows.sort_by_key(|x| x.0);
    let secs = t_gen.elapsed().as_secs_f64();
    if let Some(path) = &o.manifest {
        write_manifest(path, &rows).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let tb: usize = rows.iter().map(|x| x.1.bytes).sum();
    let good: Vec<&Row> = rows
        .iter()
        .map(|x| &x.1)
        .filter(|x| x.kind == "ok")
        .collect();
    let gb: usize = good.iter().map(|x| x.bytes).sum();
    let withc = good.iter().filter(|x| x.meta.n_comments > 0).count();
    let nc: usize = good.iter().map(|x| x.meta.n_comments).sum();
    let np: usize = good.iter().map(|x| x.meta.n_paragraphs).sum();
    eprintln!(
        "wrote {} files ({} articles, {} dups, {} bad) to {}: {:.1} MB total, {:.2} KB/article avg, \
{} with comments ({:.1}%), {} comments, {} paragraphs; {:.2}s writing ({:.0} MB/s), {:.2}s total",
        rows.len(),
        good.len(),
        dups.len(),
        o.bad,
        o.out.display(),
        tb as f64 / 1e6,
        gb as f64 / good.len().max(1) as f64 / 1e3,
        withc,
        100.0 * withc as f64 / good.len().max(1) as f64,
        nc,
        np,
        secs,
        tb as f64 / 1e6 / secs.max(1e-9),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&o) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}
