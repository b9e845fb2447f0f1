/// The phrase lists behind the risk flags, English and French.
///
/// Kept as data in one place so that pharmacovigilance and legal reviewers can read them. Recall
/// matters more than precision for adverse events: a missed report is a compliance failure, a
/// false alarm costs a reviewer a minute.
enum RiskLexicon {
    /// Generic words for a medicine, used when no product name is configured or mentioned.
    static let medicines = [
        "medication", "medications", "medicine", "medicines", "meds", "med", "pill", "pills", "drug", "drugs", "tablet", "tablets",
        "capsule", "capsules", "dose", "doses", "dosage", "vaccine", "vaccines", "vaccination", "jab", "booster", "shot", "injection",
        "injections", "inhaler", "prescription", "prescribed", "treatment", "infusion", "patch", "insulin", "antibiotic", "antibiotics",
        "antidepressant", "antidepressants", "statin", "statins", "chemo", "generic", "biosimilar", "pen", "anticoagulant",
        "anticoagulants", "blood thinner", "blood thinners", "painkiller", "painkillers", "opioid", "opioids", "steroid", "steroids",
        "antihistamine", "antihistamines", "antipsychotic", "antipsychotics", "birth control", "contraceptive", "suppository",
        "médicament", "médicaments", "medicament", "traitement", "comprimé", "comprimés", "cachet", "cachets", "pilule", "gélule",
        "gélules", "vaccin", "vaccins", "piqûre", "injection", "ordonnance", "dose", "perfusion", "sirop", "générique", "antibiotique",
        "antidépresseur", "anticoagulant", "anticoagulants", "antalgique", "anti-inflammatoire", "antihistaminique", "contraceptif",
        "stérilet", "implant", "patch",
    ]

    /// Endings of international non-proprietary drug names (`-mab`, `-pril`, `-statin`…).
    static let drugSuffixes = [
        "mab", "pril", "sartan", "olol", "statin", "prazole", "tidine", "cillin", "mycin", "cycline", "floxacin", "azole", "vir",
        "tinib", "xaban", "gatran", "gliptin", "glutide", "gliflozin", "formin", "dipine", "semide", "thiazide", "triptan", "pam",
        "lam", "oxetine", "aline", "apine", "idone", "profen", "parin", "lukast", "sone", "olone", "asone", "umab", "zumab", "ximab",
        "parib", "ciclib", "lisib", "dronate", "setron", "tropin", "caine",
    ]

    /// Common medicines named as people write them.
    static let drugNames = [
        "aspirin", "ibuprofen", "paracetamol", "acetaminophen", "tylenol", "advil", "doliprane", "dafalgan", "efferalgan", "humira",
        "ozempic", "wegovy", "mounjaro", "zepbound", "saxenda", "metformin", "lipitor", "crestor", "eliquis", "xarelto", "januvia",
        "jardiance", "keytruda", "opdivo", "dupixent", "stelara", "enbrel", "remicade", "lyrica", "gabapentin", "neurontin",
        "zoloft", "prozac", "lexapro", "wellbutrin", "xanax", "valium", "ambien", "adderall", "ritalin", "accutane", "roaccutane",
        "levothyrox", "levothyroxine", "synthroid", "warfarin", "coumadin", "plavix", "prednisone", "cortisone", "depakine",
        "mediator", "dépakine", "gardasil", "pfizer", "moderna", "astrazeneca", "novavax", "tamiflu", "paxlovid", "isotretinoin",
        "finasteride", "propecia", "singulair", "montelukast", "champix", "chantix", "nexium", "omeprazole", "zyrtec", "claritin",
        "epipen", "ventolin", "seretide", "spiriva", "lantus", "novorapid", "trulicity", "victoza", "cardiolix",
    ]

    /// Suspected adverse events, informal and clinical.
    static let adverseEvents = [
        "side effect", "side effects", "side-effect", "side-effects", "adverse reaction", "adverse event", "reaction", "allergic",
        "allergy", "rash", "rashes", "hives", "itching", "itchy", "nausea", "nauseous", "vomiting", "vomit", "throwing up",
        "threw up", "puking", "diarrhea", "diarrhoea", "constipation", "constipated", "dizzy", "dizziness", "vertigo", "headache",
        "headaches", "migraine", "migraines", "fatigue", "exhausted", "insomnia", "can't sleep", "cannot sleep", "hair loss",
        "hair falling out", "losing my hair", "weight gain", "gained weight", "swelling", "swollen", "bleeding", "bruising",
        "nosebleed", "nosebleeds", "palpitations", "racing heart", "heart racing", "chest pain", "chest pains", "short of breath",
        "shortness of breath", "can't breathe", "couldn't breathe", "cannot breathe", "trouble breathing", "seizure", "seizures",
        "fainted", "passed out", "blacked out", "blurred vision", "blurry vision", "tremor", "tremors", "shaking", "numbness",
        "numb", "tingling", "depression", "depressed", "suicidal", "anxiety", "panic attack", "panic attacks", "mood swings",
        "brain fog", "memory loss", "liver damage", "kidney damage", "pancreatitis", "anaphylaxis", "anaphylactic", "stroke",
        "heart attack", "blood clot", "blood clots", "fever", "joint pain", "muscle pain", "cramps", "stomach pain", "sick",
        "made me sick", "feel sick", "felt sick", "ill", "toxicity", "toxic", "overdose", "hallucinations", "hallucinating",
        "nightmares", "acne", "blisters", "peeling", "burning", "racing", "pounding", "tired", "drowsy", "sleepy", "gained",
        "weight", "cough", "coughing", "dry mouth", "bloating", "bloated", "itch", "hives", "irritability", "induced", "jaundice", "arrhythmia", "hypotension",
        "hypertension", "neutropenia", "thrombocytopenia", "rhabdomyolysis", "neuropathy", "hepatitis", "nephrotoxicity",
        "hepatotoxicity", "syndrome", "necrosis", "failure", "dermatitis", "eruption", "edema", "oedema", "hypoglycemia",
        "hyperglycemia", "agranulocytosis", "leukopenia", "anemia", "pneumonitis", "colitis", "myopathy", "encephalopathy",
        "effet secondaire", "effets secondaires", "effet indésirable", "effets indésirables", "réaction", "allergie",
        "allergique", "boutons", "plaques", "démangeaisons", "nausée", "nausées", "vomi", "vomis", "vomissements", "diarrhée",
        "vertige", "vertiges", "étourdissements", "mal de tête", "maux de tête", "migraine", "migraines", "fatigue", "fatiguée",
        "épuisée", "épuisé", "insomnie", "insomnies", "perte de cheveux", "je perds mes cheveux", "prise de poids",
        "pris du poids", "gonflement", "gonflé", "gonflée", "saignement", "saignements", "bleus", "palpitations",
        "douleur thoracique", "douleurs thoraciques", "essoufflement", "essoufflée", "du mal à respirer", "respirer",
        "convulsions", "convulsion", "évanoui", "évanouie", "malaise", "malaises", "vision floue", "tremblements", "engourdi",
        "fourmillements", "dépression", "déprime", "idées suicidaires", "angoisse", "angoisses", "crises d'angoisse",
        "perte de mémoire", "fièvre", "douleurs", "crampes", "malade", "éruption", "hépatite", "caillot", "avc", "toux",
        "toux sèche", "somnolence", "chute de cheveux", "brûlures", "démangeaison",
        // Added 2026-12-06 from a review of 62 realistic posts (spoken forms, spelling without apostrophes).
        "lightheaded", "light-headed", "light headed", "woozy", "fainting", "swelled", "swelled up", "wheezing", "chest feels tight",
        "tight chest", "throat closing", "cant breathe", "cant breath", "can't breath", "bradycardia", "slow heartbeat",
        "low blood pressure", "blood pressure dropped", "sex drive", "libido", "erectile", "impotence", "zombie", "rhabdo",
        "overdosed", "nearly killed", "almost killed", "peeing",
        "tête qui tourne", "enflé", "enflée", "enflés", "enflées", "vomir", "envie de vomir", "fatigué", "fatigués", "crevé",
        "crevée", "nauséeux", "nauséeuse", "urticaire", "cauchemar", "cauchemars", "respire mal", "essoufflé", "œdème", "oedème",
        "chute de tension", "tension basse",
    ]

    /// A suspected link between the medicine and the event.
    static let causalCues = [
        "after taking", "after starting", "since taking", "since starting", "since i started", "since i've been on",
        "started taking", "been taking", "i'm on", "im on", "i am on", "on it", "gave me", "giving me", "gives me", "give me",
        "made me", "makes me",
        "caused", "causes", "causing", "reaction to", "due to", "because of", "from the", "after my", "after the", "took",
        "taking", "induced", "associated with", "developed", "following",
        "depuis que je prends", "depuis que j'ai commencé", "après avoir pris", "en prenant", "je prends", "m'a donné",
        "m'a provoqué", "m'a rendu", "m'a rendue", "à cause du", "à cause de", "suite à", "après la", "après le", "après mon",
        "après ma", "pris",
    ]

    /// The person describing the case speaks for themself or for someone close.
    static let firstPerson = ["i", "i'm", "im", "i've", "ive", "me", "my", "myself", "mine", "je", "j'", "moi", "mon", "ma", "mes", "m'"]

    /// Someone else as the patient.
    static let relatives = [
        "my son", "my daughter", "my mom", "my mum", "my mother", "my dad", "my father", "my wife", "my husband", "my partner",
        "my kid", "my kids", "my child", "my baby", "my grandma", "my grandmother", "my grandpa", "my grandfather", "my sister",
        "my brother", "my friend", "my boyfriend", "my girlfriend", "my aunt", "my uncle", "my patient", "my patients",
        "a patient", "the patient", "patient", "patients", "a man", "a woman", "a boy", "a girl", "year-old", "yo",
        "mon fils", "ma fille", "ma mère", "ma mere", "mon père", "mon pere", "ma femme", "mon mari", "mon enfant", "mes enfants",
        "mon bébé", "ma grand-mère", "mon grand-père", "ma sœur", "ma soeur", "mon frère", "mon ami", "mon amie", "mon copain",
        "ma copine", "mon patient", "ma patiente", "un patient", "une patiente", "ans",
    ]

    /// Causal cues strong enough to tie a serious outcome to a product on their own (a subset of
    /// ``causalCues``: "after the weekend" or "taking it for years" are not).
    static let strongCausalCues = [
        "after taking", "after starting", "since taking", "since starting", "since i started", "after my", "after his",
        "after her", "after their", "caused", "causes", "causing", "because of", "due to", "reaction to", "induced",
        "après avoir pris", "à cause du", "à cause de", "suite à", "depuis que je prends", "depuis que j'ai commencé",
        "m'a provoqué", "après mon", "après ma", "après son", "après sa",
        "died on", "after they put", "put him on", "put her on", "put me on", "since she started", "since he started",
        "après avoir commencé", "depuis qu'il", "depuis qu'elle",
        "think it's", "thinks it's", "think it was", "thinks it was", "pense que c'est", "pensent que c'est", "pense que c'était",
    ]

    /// Serious outcomes that are themselves a suspected adverse event when a strong causal cue ties
    /// them to a product ("hospitalised after taking your drug"), even with no symptom named.
    static let seriousOutcomes = [
        "hospital", "hospitalized", "hospitalised", "hospitalization", "hospitalisation", "emergency room", "a&e", "icu",
        "intensive care", "died", "passed away", "hôpital", "hopital", "hospitalisé", "hospitalisée",
        "urgences", "réanimation", "soins intensifs", "décédé", "décédée", "décès",
        "er", "hosp", "urgent care", "ambulance", "admitted", "pompiers", "samu", "death", "nearly killed", "almost killed",
    ]

    /// What makes an adverse event serious (ICH E2A: death, life-threatening, hospitalisation,
    /// disability, congenital anomaly, other medically important).
    static let serious = [
        "hospital", "hospitalized", "hospitalised", "hospitalization", "admitted", "er", "a&e", "emergency room", "icu",
        "intensive care", "died", "death", "dead", "passed away", "killed", "kill", "fatal", "disabled", "disability", "paralyzed",
        "paralysed", "life-threatening", "life threatening", "can't breathe", "couldn't breathe", "cannot breathe", "could not breathe",
        "anaphylaxis", "anaphylactic", "seizure", "seizures", "stroke", "heart attack", "coma", "birth defect", "birth defects",
        "miscarriage", "suicide", "suicidal", "ambulance", "911", "blind", "blindness", "deaf", "liver failure", "kidney failure",
        "cardiac arrest", "intubated",
        "hôpital", "hopital", "hospitalisé", "hospitalisée", "urgences", "réanimation", "réa", "soins intensifs", "décès",
        "décédé", "décédée", "mort", "morte", "handicap", "handicapé", "handicapée", "paralysé", "paralysée",
        "n'arrive plus à respirer", "ne pouvais plus respirer", "choc anaphylactique", "convulsions", "avc", "crise cardiaque",
        "infarctus", "coma", "malformation", "fausse couche", "samu", "suicide", "aveugle",
        "hosp", "urgent care", "pompiers", "rhabdo", "rhabdomyolysis", "angioedema", "throat closing", "wheezing",
        "not breathing", "isn't breathing", "nearly killed", "almost killed",
    ]

    /// Threats on their own.
    static let legalThreats = [
        "sue", "suing", "sue you", "lawsuit", "lawsuits", "class action", "legal action", "take legal", "see you in court",
        "litigation", "file a complaint", "cease and desist", "porter plainte", "portera plainte", "poursuivre en justice",
        "poursuites judiciaires", "action de groupe", "mise en demeure", "attaquer en justice", "vous attaquer",
        "preserve all records", "preserve all documents", "preserve all evidence", "preserve your records", "litigation hold",
        "conservez tous les documents", "conservez toutes les preuves",
        "on notice", "the undersigned", "mass tort", "free case review", "class-action", "porté plainte", "je porte plainte",
        "déposé plainte", "action collective", "recours collectif",
    ]

    /// Legal words that threaten only with an intent nearby (`calling my lawyer`).
    static let legalWords = [
        "lawyer", "lawyers", "attorney", "attorneys", "court", "solicitor", "legal team", "damages", "avocat", "avocats", "plainte",
        "procès", "tribunal", "tribunaux", "justice", "our firm", "law firm", "my client", "my clients", "counsel",
        "notre cabinet", "mon client", "ma cliente", "mes clients", "our client", "avocate", "barreau",
    ]

    static let legalIntents = [
        "calling my", "call my", "contacting my", "contact my", "talk to my", "talking to my", "speak to my", "speaking to my",
        "hire a", "hiring a", "get a", "getting a", "my lawyer will", "my attorney will", "will hear from", "you'll hear from",
        "hearing from my", "expect to hear from", "you will hear from", "hear from our", "see you in", "take you to", "taking you to",
        "going to", "gonna", "will be", "j'appelle mon", "je contacte", "vous aurez des nouvelles",
        "mon avocat va", "je vais", "nous allons", "on va", "prépare", "nous représentons", "envisageons",
    ]

    static let misinformation = [
        "big pharma", "they don't want you to know", "don't want you to know", "cover up", "cover-up", "covering up", "hoax",
        "microchip", "microchips", "poison", "poisoning us", "plandemic", "scamdemic", "wake up", "sheeple", "do your own research",
        "miracle cure", "cures cancer", "cure for cancer", "natural cure", "the truth about", "causes autism", "vaccines cause",
        "depopulation", "5g", "bioweapon", "fake news", "mainstream media", "lies", "lying to us", "they're hiding", "hidden cure",
        "complot", "complotiste", "ils nous cachent", "on nous cache", "on nous ment", "poison", "remède miracle", "réveillez-vous",
        "le vaccin tue", "vaccins tuent", "vérité cachée", "big pharma", "dépopulation", "puce",
    ]

    static let medicalEmergencies = [
        "can't breathe", "cannot breathe", "couldn't breathe", "not breathing", "can't breath", "chest pain", "overdose", "overdosed",
        "od'd", "unconscious", "unresponsive", "call 911", "called 911", "ambulance", "anaphylaxis", "anaphylactic", "seizure",
        "having a stroke", "heart attack", "collapsed", "throat closing", "throat is closing", "swallowed",
        "n'arrive plus à respirer", "je ne peux plus respirer", "ne respire plus", "overdose", "surdose", "inconscient",
        "inconsciente", "samu", "appelé le 15", "choc anaphylactique", "crise cardiaque", "a avalé", "avalé",
        "isn't breathing", "stopped breathing", "cant breathe", "cant breath", "lips and tongue", "tongue swelling", "throat swelling",
        "wheezing", "respire mal", "respire plus", "pompiers", "double dose", "2 fois sa dose", "ne répond plus",
    ]

    static let selfHarm = [
        "kill myself", "killing myself", "want to die", "wanna die", "end it all", "end my life", "suicide", "suicidal",
        "self harm", "self-harm", "cut myself", "cutting myself", "no reason to live", "better off dead", "don't want to live",
        "je veux mourir", "me suicider", "me tuer", "en finir", "plus envie de vivre", "envie de mourir", "idées suicidaires",
        "unalive", "kms", "sewerslide", "take them all", "take all my", "whole bottle", "nobody would notice",
        "toute la boîte", "tout avaler", "envie d'en finir",
    ]

    static let safety = [
        "tampered", "tampering", "contaminated", "contamination", "glass in", "metal in", "wrong pills", "wrong medication",
        "wrong dose", "counterfeit", "fake pills", "child swallowed", "kid swallowed", "exploded", "explode", "caught fire",
        "recall", "recalled", "mislabeled", "mislabelled", "contaminé", "contaminée", "contrefaçon", "faux médicaments",
        "mauvais dosage", "erreur de dosage", "mon enfant a avalé", "rappel de lot", "explosé",
        "pills on the floor", "got into my pills", "got into the pills",
    ]

    static let profanity = [
        "fuck", "fucking", "fucked", "fucker", "fck", "fuk", "f*ck", "shit", "shitty", "bullshit", "damn", "crap", "bitch", "bastard",
        "asshole", "arsehole", "dick", "piss", "pissed", "wtf", "stfu", "motherfucker", "bloody hell", "goddamn", "screw you",
        "merde", "putain", "connard", "connards", "connasse", "salope", "enculé", "enculés", "bordel", "chier", "fait chier", "fdp",
        "ta gueule", "ferme ta gueule", "niquer", "nique", "pute", "batard", "bâtard",
    ]

    static let insults = [
        "idiot", "idiots", "moron", "morons", "stupid", "dumb", "loser", "losers", "scum", "pathetic", "clown", "clowns", "trash",
        "garbage", "liar", "liars", "murderer", "murderers", "criminal", "criminals", "crook", "crooks", "disgusting", "worthless",
        "imbécile", "imbéciles", "débile", "débiles", "nul", "nuls", "ordure", "ordures", "menteur", "menteurs", "assassin",
        "assassins", "voleur", "voleurs", "escroc", "escrocs", "pourri", "pourris", "minable", "minables", "abruti", "abrutis",
    ]

    static let threats = [
        "i will find you", "i'll find you", "watch your back", "you will pay", "you'll pay", "i'm coming for you", "kill you",
        "hope you die", "go die", "burn in hell", "i know where you", "je vais te", "je vais vous", "crève", "crevez",
        "vous allez payer", "tu vas payer", "je sais où tu", "on va vous",
    ]

    static let secondPerson = ["you", "your", "you're", "youre", "u", "ur", "tu", "t'", "toi", "vous", "votre", "vos", "te"]

    static let journalists = [
        "journalist", "journalists", "reporter", "reporters", "correspondent", "editor", "editors", "columnist", "news", "newsroom",
        "press", "anchor", "broadcaster", "writer at", "writes for", "writing for", "health reporter", "science reporter", "podcaster",
        "producer at", "journaliste", "rédacteur", "rédactrice", "rédac", "correspondant", "correspondante", "presse",
        "chroniqueur", "chroniqueuse", "reportrice",
    ]

    static let healthcareProfessionals = [
        "md", "m.d.", "dr", "doctor", "physician", "nurse", "rn", "np", "pharmacist", "pharmd", "cardiologist", "oncologist",
        "neurologist", "dermatologist", "psychiatrist", "endocrinologist", "pediatrician", "paediatrician", "surgeon", "gp",
        "general practitioner", "clinician", "midwife", "dentist", "physiotherapist", "resident", "med student", "medical doctor",
        "médecin", "docteur", "infirmier", "infirmière", "pharmacien", "pharmacienne", "cardiologue", "oncologue", "neurologue",
        "dermatologue", "psychiatre", "pédiatre", "chirurgien", "chirurgienne", "généraliste", "sage-femme", "interne",
    ]

    static let patients = [
        "patient", "survivor", "living with", "caregiver", "carer", "warrior", "fighter", "t1d", "type 1", "chronic illness",
        "chronically ill", "spoonie", "advocate", "mom of", "mum of", "dad of", "mother of", "father of", "diagnosed",
        "patiente", "aidant", "aidante", "maman de", "papa de", "malade", "diagnostiqué", "diagnostiquée", "vivre avec", "je vis avec",
    ]
}
