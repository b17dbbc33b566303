"""The words that give a link away as page furniture: what its anchor says ("Read more",
"Impressum", "Drucken"), or the line it stands in ("Foto: …", "© …", "Sign up here.").

Each pattern is one kind of furniture; boilerplate.py says which role each gives and where.
"""

from __future__ import annotations

import re

READ_MORE = re.compile(
    r"^(?:read more|more|continue reading|mehr|mehr lesen|weiterlesen|lesen sie mehr|lire la suite|leer más|leia mais"
    r"|next|previous|(?:next|previous|prev) (?:article|post|story|page)|nächster artikel|vorheriger artikel|nächster beitrag"
    r"|vorheriger beitrag|article suivant|article précédent|siguiente artículo|artículo anterior"
    r"|back|back to (?:the )?(?:overview|list|index|top)|zurück|zurück zu[rm]? (?:übersicht|liste|anfang|start)|zur (?:\S+ )?\S*übersicht"
    r"|retour(?: à la liste)?|volver"
    r"|(?:zur )?bildergalerie|fotostrecke|(?:photo |picture )?gallery|alle bilder|zur galerie|galería de fotos|galerie photos)\W*$"
    # "...detail...", "Mehr Details": a listing's way to its full entry.
    r"|^\W*(?:details?|mehr details|more details|zum detail|ver detalles?|voir (?:les |le )?détails?)\W*$",
    re.IGNORECASE,
)
# "MORE: <headline>", "Lesen Sie auch: <headline>": a teaser of another article set in the text,
# also in parentheses ("(Le puede interesar: <headline>)").
TEASER_LEAD = re.compile(
    r"^\(?\s*(?:more|mehr|related|read|check out|weiterlesen|read also|also read|read more|lesen sie auch|auch interessant|mehr zum thema"
    r"|das könnte dich auch interessieren|das könnte sie auch interessieren|lire aussi|à lire aussi|leer también"
    r"|puedes ver|mire|mira|vea también|lea también|(?:también )?te puede interesar|lee también|mira también|ver también|te recomendamos|veja também"
    r"|lea aquí|lee aquí|(?:también )?le (?:puede|podría) interesar|(?:también )?(?:puede|puedes) leer|también"
    r"|dowiedz się więcej|czytaj też|czytaj także|przeczytaj też|leggi anche|lees ook|leia também|lue myös"
    # "Mehr zu dem spannenden Umbau lesen Sie hier: <headline>"
    r"|mehr\b[^:.!?]{0,60}\b(?:lesen sie|finden sie|erfahren sie)(?: hier)?)\s*[:»>|-]",
    re.IGNORECASE,
)
# "Foto: Timur | flickr | CC BY 2.0": who took a picture, not a source of the text.
# "– alle Bilder von <a>Name</a> –", "All photos by <a>Name</a>": a credit line for the pictures.
CREDIT_LEAD = re.compile(
    r"^(?:foto|fotos|photo|photos|bild|bilder|image|images|credit|quelle bild|©)\s*[:©]"
    r"|^\W*(?:alle|all|todas las|toutes les) (?:bilder|fotos|photos|pictures|images|fotografías|imágenes) (?:von|by|de|par|di)\s",
    re.IGNORECASE,
)
# "Hochfeld, Mai 2017 (c) <a>Hafenstaedter</a>": the link names who holds the picture's rights.
CREDIT_MARK = re.compile(r"(?:©|\(c\)|(?:foto|photo|bild|image)(?::| via))\s*$", re.IGNORECASE)
LIBRARY_CREDIT = re.compile(r"\bvia (?:wikimedia commons|unsplash|pixabay|pexels|flickr|wikipedia commons|giphy)\b", re.IGNORECASE)
# "Privacy policy", "YouTube privacy policy", "Impressum": the site's (or an embed's) legal pages.
LEGAL_ANCHOR = re.compile(
    r"^(?:\S+ ){0,2}(?:privacy policy|privacy notice|cookie policy|cookie settings|terms of (?:use|service)|terms and conditions"
    r"|datenschutz|datenschutzerklärung|datenschutzhinweise?|nutzungsbedingungen|impressum|agb|mentions légales"
    r"|politique de confidentialité|política de privacidad|aviso legal"
    # The site's disclosures and house rules ("Affiliatelinks", "Read our review policy").
    r"|affiliate[- ]?links?|affiliate disclosure|(?:review|editorial|ethics|corrections|comments?) polic(?:y|ies))\W*$",
    re.IGNORECASE,
)
# "Reuse this content", "Reprints & Permissions" under a piece: the service that sells its rights.
RIGHTS_ANCHOR = re.compile(r"^(?:reuse this content|reprints?(?: (?:&|and) permissions)?|permissions)\W*$", re.IGNORECASE)
# A link of the site's own that says only that there is more ("Mehr erfahren") or that it lists
# all of a series ("Hier finden Sie alle Beiträge, die bisher im Rahmen der Serie erschienen sind"):
# the house pointing to its pages, not a source the piece names.
MORE_OF_OURS = re.compile(
    r"^(?:mehr erfahren|mehr informationen|mehr infos?|weitere informationen|learn more|find out more|more info(?:rmation)?"
    r"|en savoir plus|más información|saber más)\W*$"
    r"|\balle (?:bisherigen |weiteren )?(?:beiträge|artikel|folgen|texte|pressemitteilungen|meldungen)\b"
    r"|\ball (?:the |our )?(?:articles|posts|stories|episodes|columns|press releases)\b"
    r"|\btous les articles\b|\btodos los art[ií]culos\b"
    # "Lesen Sie hier einen weiteren spannenden Beitrag …", "Read another of our stories".
    r"|\beinen weiteren (?:\S+ ){0,2}(?:beitrag|artikel)\b|\banother (?:\S+ ){0,2}of our (?:articles|posts|stories)\b",
    re.IGNORECASE,
)
# "Subscribe to our newsletters", "Folgen Sie uns": a call to join the site's channels.
SIGN_UP_ANCHOR = re.compile(
    r"^(?:subscribe|sign up|join our|follow us|abonnieren|jetzt abonnieren|newsletter abonnieren|folgen sie uns|folge uns"
    r"|abonnez-vous|suivez-nous|suscríbete|síguenos|subskrybuj|obserwuj nas|iscriviti|seguici|inscreva-se|siga-nos|abonneer|volg ons)\b",
    re.IGNORECASE,
)
CALL_LINE = 60  # characters of a line that is a call or a notice, not a sentence of the piece
# "© …", "Copyright 2021 …": a rights line; "Copyright holders won…" is a sentence.
COPYRIGHT_LINE = re.compile(r"^\s*(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))", re.IGNORECASE)
# A link whose words name a newsletter ("Melde dich hier für unseren Newsletter an", "Get our newsletter").
NEWSLETTER_ANCHOR = re.compile(r"\bnewsletters?\b", re.IGNORECASE)
# A quoted post's "Nixe said:" link back to it: a forum's own machinery.
QUOTE_ATTRIBUTION = re.compile(r"^.{1,60}\b(?:said|wrote|schrieb|sagte|a écrit|escribió):$", re.IGNORECASE)
# A link whose words are only a date or a post's number is a post's permalink or its day's archive
# ("Sep 18, 2020", "#3", a dateline with its weekday and time: "Freitag, 06.07.2018, 10:29").
PERMALINK_ANCHOR = re.compile(
    r"^(?:#\d{1,6}|(?:[^\W\d_]{2,12},?\s)?"
    r"(?:\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\d{1,2}\.?\s)?[A-Za-zäéû]{3,9}\.?\s\d{1,2},?\s\d{4}|\d{1,2}\.?\s[A-Za-zäéû]{3,9}\.?\s\d{4})"
    r"(?:,?\s(?:um\s)?\d{1,2}[:.]\d{2}(?:\s?(?:[Uu]hr|[ap]m))?)?)$"
)
# "Vergrößern (Bildquelle: …)", "Vollbild", "Grafik herunterladen": the picture shown larger or saved.
ENLARGE = re.compile(
    r"^(?:zoom|enlarge|vergrößern|bild vergrößern|agrandir|ampliar|vollbild|full ?screen|view full size"
    r"|(?:bild|grafik|foto) (?:herunterladen|speichern)|download (?:image|picture|graphic)"
    # A map's "View larger map" under its embedded view.
    r"|view larger map|größere karte(?: anzeigen| ansehen)?|größere kartenansicht|ver mapa más grande|agrandir le plan|afficher une carte plus grande)(?:$|\s*[(:|])",
    re.IGNORECASE,
)
# The page's print button ("Drucken", "Imprimir"): a tool of the page, as its share buttons are.
PRINT_ANCHOR = re.compile(
    r"^(?:drucken|artikel drucken|seite drucken|druckversion|print|print this (?:page|article|story)|printer[- ]friendly(?: version)?"
    r"|imprimer|imprimir|stampa|drukuj)\W*$",
    re.IGNORECASE,
)
# "Enviar por mail", "Artikel per E-Mail versenden": the page sent on by e-mail, a share button.
EMAIL_THIS = re.compile(
    r"^(?:e-?mail this(?: article| story| page)?|send by e-?mail|enviar por (?:e-?)?mail|envoyer par (?:e-?)?mail"
    r"|(?:artikel |seite )?per e-?mail (?:versenden|senden|teilen)|artikel versenden)\W*$",
    re.IGNORECASE,
)
# "→ Article suivant « Bienvenue … »", "Next article: …", "zurück zu Coole Tipps": the way to the
# site's next piece or back to a section, whatever it is called.
NEXT_OR_BACK = re.compile(
    r"^\W*(?:next|previous|prev) (?:article|post|story)\b|^\W*(?:nächster|vorheriger) (?:artikel|beitrag)\b"
    r"|^\W*article (?:suivant|précédent)\b|^\W*(?:siguiente|anterior) art[íi]culo\b|^\W*(?:artículo|articolo) (?:siguiente|anterior|successivo|precedente)\b"
    r"|^\W*(?:zurück zu[rm]?|back to|retour (?:à|aux?)|volver a) \S",
    re.IGNORECASE,
)
# A link that says only that it is an advertisement ("Anzeige", "Reklama", "Sponsored").
AD_LABEL = re.compile(r"^\W*(?:anzeige|werbung|advertisement|advertising|sponsored|gesponsert|reklama|publicidad|publicité|pubblicità)\W*$", re.IGNORECASE)
# The site's page about itself ("Über uns", "Sobre a Gazeta do Povo", "About us").
ABOUT_US = re.compile(
    r"^(?:about us|about (?:the )?\S+$|über uns|wir über uns|à propos(?: de nous)?|quiénes somos|sobre (?:nosotros|nós|(?:a|o) \S.*)|chi siamo|o nas|over ons)\W*$",
    re.IGNORECASE,
)
# "Redacción", "Redaktion SimplyScience.ch", "Newsroom": the newsroom named as the byline.
NEWSROOM_ANCHOR = re.compile(
    r"^(?:redaktion|redacción|redaccion|rédaction|redazione|redakcja|redação|redactie|newsroom|editorial (?:staff|team|desk)|the editors)(?:\s+\S+)?\W*$",
    re.IGNORECASE,
)
# "Seite 2 Die Karten", "Page 3: …", "... weiter zu »die Wortwahl«": another page of the same
# piece, or the next one of a series, named by the line that leads to it.
NEXT_PAGE_LINE = re.compile(
    r"^\W*(?:seite|page|página|pagina|pagină|strona)\s+\d{1,2}\b|^\W*(?:weiter (?:zu|mit)|continue (?:to|with)|continuer (?:vers|avec)|continuar (?:a|con))\s",
    re.IGNORECASE,
)
# "For an explanation of our Advertising Policy, visit this page.": a line sending the reader to a
# house policy, whichever of its words is linked.
POLICY_LINE = re.compile(
    r"\b(?:our|unsere[rn]?|notre|nuestra) (?:advertising|editorial|privacy|review|ethics|corrections|affiliate|werbe|redaktionelle[n]?) ?(?:policy|policies|richtlinien?|grundsätze|politique|política)\b",
    re.IGNORECASE,
)
# "Rubrik: Schwangerschaft", "Category : Press Releases": a label line naming the piece's section.
SECTION_LABEL = re.compile(r"^(?:.{0,40}\s)?(?:rubrik|ressort|kategorie|category|categories|catégorie|categoría|sección|seção|kategoria)\s?:", re.IGNORECASE)
# "Internet: www.example.com" in a press release's contact block: the issuer's web address, given
# as its address written out, not a source the text cites.
CONTACT_ADDRESS_LEAD = re.compile(r"^(?:internet|web|website|webseite|homepage|site web|sitio web)\s*:\s*$", re.IGNORECASE)
# "(last edited 2019-11-10 13:28:18 by <a>Name</a>)": a wiki page's last editor, ending the line
# before the name.
LAST_EDITED_BY = re.compile(
    r"\b(?:last (?:edited|modified|changed|updated)|zuletzt (?:bearbeitet|geändert)|dernière modification)\b[^()]{0,60}\b(?:by|von|par)\s*$",
    re.IGNORECASE,
)
# A link named only for a network ("Twitter", "Twitter-Account", "Facebook page"): what surrounds it
# says whether it invites the reader to follow (FOLLOW_CALL, OWN_ACCOUNT) or names where a post was
# made ("bestätigte er via Instagram").
NETWORK_NAME_ANCHOR = re.compile(
    r"^(?:facebook|twitter|x|instagram|youtube|linkedin|pinterest|tiktok|xing|threads|bluesky|telegram|mastodon|tumblr)"
    r"(?:[- ]?(?:account|konto|seite|page|profil|profile|kanal|channel|feed|gruppe|group))?\W*$",
    re.IGNORECASE,
)
# "Folge uns auf", "Follow us on", "Suivez-nous sur": a call to follow the site's channels.
FOLLOW_CALL = re.compile(
    r"\b(?:folg(?:e|t) (?:uns|mir)|folgen sie (?:uns|mir)|follow (?:us|me)|suivez-(?:nous|moi)|s[ií]guenos|s[ií]gueme|seguici|siga-nos|volg (?:ons|mij)|obserwuj nas"
    # "o seguir a Materia en Facebook", "suivre Le Monde sur Twitter": the channel named after the verb.
    # "Follow them on GitHub": the person the piece is about, whose accounts are its sources.
    r"|(?:seguir|siga|sigue|segui) a \S+(?: \S+)? en|suivre \S+(?: \S+)? sur|follow (?!them\b|him\b|her\b|his\b)\S+(?: \S+)? on)\b",
    re.IGNORECASE,
)
# "Auf meinem <a>Twitter-Account</a> poste ich …", "on our <a>Instagram</a>": the writer's or the site's own.
OWN_ACCOUNT = re.compile(
    r"\b(?:meinem|meiner|mein|meine|unserem|unserer|unser|unsere|my|our|notre|nos|mon|ma|mes|nuestro|nuestra|nuestros|mi|mis|il nostro|la nostra)\s*$",
    re.IGNORECASE,
)
# "NOW Grenada is not responsible for the opinions …", "Alle Angaben ohne Gewähr": a disclaimer the
# site sets under its pieces; its links lead to the house's pages (contact, terms).
DISCLAIMER = re.compile(
    r"\bnot responsible for (?:the )?(?:content|contents|opinions?|views|comments|statements|accuracy|external)\b|\bdo(?:es)? not (?:necessarily )?reflect\b"
    r"|\bübernimmt keine (?:haftung|gewähr|verantwortung)\b|\bohne gewähr\b|\bn'est pas responsable d(?:u|es) (?:contenu|propos|commentaires)"
    r"|\bno se hace responsable de (?:las|los) (?:opiniones|contenidos|comentarios)|\bnon è responsabile de(?:i|l) (?:contenuti|contenuto|commenti)",
    re.IGNORECASE,
)
# "Rectificar", "Report an error", "Fehler melden": the house's form for asking a correction.
CORRECTION_ANCHOR = re.compile(
    r"^(?:rectificar|solicitar rectificación|reportar (?:un )?error|report an? (?:error|typo|correction)|submit a correction|suggest a correction"
    r"|fehler melden|fehler gefunden\??|signaler une erreur|segnala(?:re)? un errore)\W*$",
    re.IGNORECASE,
)
# "Was heißt das?" beside a score, "Unsere Nährwertampel erklärt": the house explaining its own widget.
EXPLAINER_ANCHOR = re.compile(
    r"^(?:was (?:heißt|bedeutet) das|what does (?:this|that|it) mean|what(?:'s| is) this|qu'est-ce que (?:c'est|cela signifie)|¿?qué (?:significa|es) esto)\W*$"
    r"|^(?:unser[e]?|our|notre|nuestr[oa])\s.{1,40}\s(?:erklärt|explained|expliqué|explicad[oa])\W*$",
    re.IGNORECASE,
)
# "Para leer sobre otros hechos en Medellín, clic AQUÍ.", "For more news from the region, click here":
# a line sending the reader on to more of the site's pieces.
MORE_NEWS_LINE = re.compile(
    r"^(?:para (?:leer|ver|conocer) (?:más )?(?:sobre |de )?(?:otr[oa]s|más)|para más (?:noticias|notas)"
    r"|for more (?:news|stories|articles|coverage)|more (?:news|stories|articles) (?:from|about|on)"
    r"|(?:mehr|weitere) (?:nachrichten|artikel|news|meldungen|beiträge) (?:aus|zu|über|zum|zur)|pour (?:lire d'autres|plus d'articles|d'autres articles))\b",
    re.IGNORECASE,
)
# "Please mention @site or tag #site!": a call to post under the site's hashtag.
HASHTAG_CALL = re.compile(r"\b(?:tag|mention|use the hashtag|verwende|nutze|markiere|etiquétanos|etiqueta|utilisez)\b", re.IGNORECASE)

# A line that opens with the label of a source, in the languages of the pages read: German,
# English, Spanish, Portuguese, Italian, French, Dutch, Swedish, Danish/Norwegian, Polish.
SOURCE_LABEL = re.compile(
    r"\s*(?:quellen?|sources?|fuentes?|fontes?|fonti|bronn?(?:en)?|källa|källor|kilder?|źródło|źródła|via)\s*(:?)\s*",
    re.IGNORECASE,
)
# Headings of a box of references after a piece (by their letters only, lower case). Not "Mehr zum
# Thema" or "Related": those announce the site's other articles.
FURTHER_HEADINGS = frozenset(
    {
        "weiterführende informationen",
        "weiterführende links",
        "weitere informationen",
        "zusatzinformationen",
        "zusätzliche informationen",
        "additional information",
        "mehr informationen",
        "further information",
        "further reading",
        "more information",
        "useful links",
        "external links",
        "pour en savoir plus",
        "liens utiles",
        "para saber más",
        "enlaces de interés",
        "per saperne di più",
        "link utili",
        "en savoir plus",
    }
)
