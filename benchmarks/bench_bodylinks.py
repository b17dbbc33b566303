"""Body links on real article pages: which links are the piece's citations, how fast, against trafilatura.

    python benchmarks/bench_bodylinks.py DATA_DIR [--reference] [--limit N] [--dump FILE]
    LINKAUDIT_BODYLINKS_DATA=DATA_DIR python -m pytest -m bench benchmarks/bench_bodylinks.py

DATA_DIR is a checkout of trafilatura's repository, which holds 990 saved real pages with their
addresses and known text (tests/evaldata.json, tests/cache/, tests/eval/). Nothing is downloaded:

    git clone https://github.com/adbar/trafilatura DATA_DIR
    git -C DATA_DIR checkout e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5      (the commit measured)

A page that evaldata.json names by its file ("hard::name.html") is given its canonical address.

What it reports:
- Judged samples: precision and recall of linkaudit's citations against links judged by hand on
  random samples of 25 pages. benchmarks/data/bodylinks_judged.json holds the verdicts, the
  written criteria and how each sample was drawn (seeds and selection in its "about"); the tenth and
  later are kept in their own files (bodylinks_heldout_9.json onwards). Each sample was judged
  before any rule was tuned on it, measured once on fresh pages, and the first twenty-nine were
  then used for tuning once their errors had been read: every figure this bench prints for those
  is a tuned-on figure, not a fresh one. The thirtieth and thirty-first
  (bodylinks_heldout_29.json and _30.json) were judged apart from the rules and measured fresh;
  one page of each, where linkaudit took no link, has since been read (see below), and the
  thirty-first's misses were then read and tuned on. The thirty-second and thirty-third
  (bodylinks_heldout_31.json and _32.json) were judged after that, apart from the rules,
  measured fresh and summarised (below); the thirty-second's errors were then read and tuned on
  (a tuning sample since), the thirty-third stays judged apart, not tuned on, its errors read by
  nobody writing rules. The thirty-fourth and thirty-fifth (bodylinks_heldout_33.json and _34.json,
  FRESH) were judged after those were measured, apart from the rules, and nobody writing rules
  has read them; the pass/fail test pools them, and says so when their files are not there
  yet. The thirty-sixth (bodylinks_heldout_35.json, FRESH too) was drawn from the 63 pages left
  fresh and judged the same way, from a list of each page's links that does not say which tool
  took which; the test pools it with those two. The thirty-seventh (bodylinks_heldout_36.json,
  not in FRESH yet) was drawn from the 38 pages left fresh and judged the same way, with every
  link standing in a sentence of each page's text listed too, whatever either tool did. A new
  sample, judged apart from the rules, is to be kept in a file of its own and read by nobody
  writing them. With --reference, trafilatura's
  links on the same pages are scored against the same verdicts (its output is a reference, not the truth).
- Whole set: links linkaudit takes as citations, links trafilatura's main text keeps, both, and
  pages where trafilatura keeps links but linkaudit takes none (with --reference; needs
  `pip install trafilatura lxml_html_clean`, which linkaudit itself does not depend on). Every such
  page is read and recorded in the judgements' "zero_link_pages_all".
- Speed: pages per second of CPU time on one core, for the pages of 50-200 KB and for all, next to
  trafilatura's on the same pages in the same run; peak resident memory.

linkaudit's links are those of its whole extract stage, as a user gets them: the page's own markup,
and, where that cites nothing, the HTML its scripts carry (measured on the HTML reader alone until
1 December 2026, which left that second reading out: on the 990 pages it had taken 26 pages' menus,
share bars and blog-host toolbars from their scripts, 274 links in all, none of them judged; every
judged figure is the same either way since it keeps only the sentences of the article the markup
holds). The speed is therefore that of the whole stage, the date included: 38.8 pages/s on the
591 pages of 50-200 KB, where the HTML reader alone ran 75.1 (one 2-core machine, nothing else
running; bench_extract.py gives the stage's speed on both public sets).

Fresh figures: each sample pool as first measured, before anyone read its errors (P / R; one link
judged in its http and https spellings counted once, see _one_link):

    samples (files)                    pages  citations  linkaudit                 trafilatura 2.3.1
    18th-23rd (_17.._22)                150      641      90.1 / 93.9 (602/668)     75.0 / 85.6
    24th-27th (_23.._26)                 93      353      81.1 / 90.9 (321/396)     64.0 / 87.5
    28th-29th (_27, _28)                 50      176      79.2 / 95.5 (168/212)     70.6 / 84.7
    30th-31st (_29, _30)                 50      251      84.2 / 86.9 (218/259)     76.6 / 79.7
    32nd-33rd (_31, _32)                 50      248      90.0 / 90.7 (225/250)     70.8 / 82.3 (204/288)
    34th-35th (_33, _34)                 50      228      90.7 / 94.3 (215/237)     78.7 / 84.2 (192/244)
    36th (_35)                           25      146      97.1 / 91.8 (134/138)     91.1 / 84.2 (123/135)
    all nineteen                        468    2,043      87.2 / 92.2 (1,883/2,160) 73.3 / 84.5 (1,726/2,354)

    The 36th was measured on the code at e358a47 (its whole extract stage); 32 fresh pages with no
    more than 100 links remain after it.

    The 34th-35th were measured on the code at 2c5d3e1 (the 34th 91.7 / 97.4, 111/121 and
    111/114, trafilatura 87.2 / 83.3; the 35th 89.7 / 89.7, 104/116 and 104/116, trafilatura
    71.9 / 83.6). Two links of the 35th are written with an empty fragment ("...updates.html#")
    and recorded in both tools' spellings; _one_link did not merge those then, so each tool was
    charged the other's spelling as a miss (2 of linkaudit's 15). It now does, which gives the
    35th 89.7 / 91.2 (104/114; trafilatura 85.1) and the row above. Their misses: tag pages and a
    journal link of a science item, a learning path's video pictures, a source line, a deal
    button, a worksheet PDF, a press photo, a buy button; their wrong links: house promotions,
    shop and subscription lines, teaser and series links, a sidebar news feed, a contact card.

    The 32nd-33rd were measured on the code with every rule below. After that measurement, four
    verdicts of the 33rd were corrected (a press-clipping list's addresses resolved against the
    wrong folder are furniture by the written reading for such addresses; their true addresses stay
    citations), which makes that pair 90.0 / 92.2 (225/244 citations) and trafilatura 69.4 / 82.0.
    Their misses: a logo list of platforms (16 of the 32nd's 17); their wrong links: the pages of a
    multi-page feature, a login, print and category row, share and donation links, a house
    promotion box.

    The 30th-31st moved before anyone read them, the first unread samples a round of rules moved:
    the label-line, label-over-list, section-menu and breadcrumb rules written from the earlier samples'
    errors took them to 86.9 / 86.9 (218/251 taken, no citation lost). Two of their pages were then
    read, for the zero-link rules below.

    The 24th-27th gave the same figures before and after 29 rules written from the 18th-23rd's
    errors (which took those six to 94.6 / 98.6), and the 28th-29th the same before and after the
    structural rules written from the 24th-27th's (which took those four to 83.4 / 98.0): rules made
    from the pages read moved no link of the pages not read. The samples differ widely (precision
    51.7-97.5 per sample, recall 55.4-100); two pages of the 25th hold 25 of its 25 misses.

Measured (trafilatura 2.3.1; one 2-core machine shared with other work), P / R. "before" is the
code at the start of the round of the teaser-row, section, bare-link, replay, icon-row, banner and
picture rules, "after" the code now. Every sample below was tuned on (the ninth during this round:
its misses were read and four of them made rules), so none of these is a held-out figure:

    sample                              before             after            trafilatura
    development (25 pages)              96.4 / 100.0       96.4 / 100.0      62.2 / 85.2
    second                              90.5 /  91.9       93.8 /  96.8      77.3 / 93.5
    third                               94.4 / 100.0       96.6 / 100.0      88.5 / 91.7
    fourth                              87.2 /  98.3       87.9 /  98.3      59.0 / 78.0
    fifth                               96.7 / 100.0       96.7 / 100.0      69.0 / 98.9
    sixth                               95.8 / 100.0       95.8 / 100.0      83.0 / 98.5
    seventh (random.Random(2032))       95.0 /  99.5       95.0 /  99.5      87.4 / 97.9
    eighth (random.Random(2033))       100.0 / 100.0      100.0 / 100.0      87.1 / 90.0
    ninth (random.Random(2034))         92.4 /  97.7       97.7 /  97.7      66.4 / 90.8
    all nine                            94.4 /  99.0       95.3 /  99.3      76.8 / 92.8
                                        (998/1,057, 998/1,008)  (1,001/1,050, 1,001/1,008)

    As each sample was first measured, before it was tuned on: the eighth 88.2 / 100 (trafilatura
    87.1 / 90.0), the ninth 72.0 / 97.7 (66.4 / 90.8; 23 of its 33 wrong links on one forum thread);
    the last three held-out samples pooled 83.6 / 97.0 (trafilatura 81.9 / 94.0). On fresh pages the
    precision target (90%) was not met as first measured; the tenth sample measures the code now.
    The tenth sample (bodylinks_heldout_9.json: random.Random(2035), 25 pages, 284 links judged,
    88 citations), drawn and judged while the round's rules were written and read by nobody writing
    them, measured once with the round's final rules: linkaudit 88.2 / 93.2 (82 of 93 taken are
    citations, 82 of 88 citations taken), trafilatura 84.2 / 90.9; with the code at the round's
    start 85.4 / 93.2. Its 11 wrong links: in-body headline teasers (4), channel invitations (Google
    News, an e-edition, a newsletter's tracked links: 4), byline names' own sites (2), the site's own
    service promotion (1). Its 6 missed citations are one page's retailer buttons and product
    pictures (werkzeugforum.de). Neither target is met on fresh pages.
    The tenth was then read and tuned on (it is a tuning sample since): its wrong links and misses
    made six rules, each stated for its signal, not for its site: a paragraph (or a picture's
    caption) that is one headline of the site's own article between paragraphs of prose is an
    in-body teaser; Google News publication pages, e-edition landing pages and newsletter click
    trackers are channel invitations; names in a byline line ("Von A und B") are author links; a
    price table's buttons and a slider's product pictures that lead to another site are citations
    (ad servers' clicks excepted); a service of the site's own that its menu lists by the same name,
    linked as "our …", is the site's promotion. After them, P / R (trafilatura unchanged):

    sample                              before             after
    tenth (random.Random(2035))         88.2 /  93.2      100.0 / 100.0   (88/88, 88/88)
    second                              93.8 /  96.8       95.2 /  96.8   (a judged teaser gone)
    the other eight                     unchanged
    all ten                             94.8 /  98.8       95.8 /  99.4
                                        (1,083/1,143, 1,083/1,096)  (1,089/1,137, 1,089/1,096)

    Whole set: 22 pages changed, each read; no judged citation lost on any sample. 21 lost 30
    links: lone headlines and ">>" lines between paragraphs (17: tonight.de, 24horas.cl,
    industriemagazin.at, larepublica.net, womenshealth.de, berkutschi.com, lanacion.com.ar, taz.de,
    phys.org, brandenburg.de), Google News publication pages (3), e-edition pages (2), newsletter
    trackers (2), byline names (2), an author page (t3n.de), own services named as "our …"
    (peppermynta.de's Brandfinder, financescout24.de's Kreditrechner, sass-ag.de's Druckerprogramm).
    2 gained 16: werkzeugforum.de's six retailer links and familie.de's ten price-widget retailer
    buttons in its product roundup (the same reading; it also lost its Google News link). Against
    trafilatura's links: both take 4,090 (was 4,110: 20 of the teasers and channel links dropped
    are ones trafilatura keeps too), only linkaudit 1,103 (was 1,097), only trafilatura 1,457 (was
    1,437). Pages where trafilatura keeps links and linkaudit takes none: 74 (was 72), both new ones
    read (nationnews.com's two news items link nothing; trafilatura keeps the e-edition and app
    links), still 1 miss (chip.de.beef.html).

    The eleventh sample (bodylinks_heldout_10.json, key held_out_pages_10: random.Random(2036), 25
    pages, 448 links judged, 140 citations), drawn and judged while the tenth was tuned on, by
    reading that no rule was written from, measured once with the rules above: linkaudit 78.4 / 90.7
    (127 of 162 taken are citations, 127 of 140 citations taken), trafilatura 59.9 / 75.7; with
    the code before the tenth's rules 77.9 / 90.7. Half of the 35 wrong links are on one company's
    portfolio page (16 shop links to its own books, films and songs, a forum and a Facebook page);
    the rest: a documentation page's keyword row of search links (7), a news page's headline row
    and a Google News link (6), byline pages (2) and single ones. 12 of the 13 missed citations are
    on one event-report post whose chosen body starts below its first sources. Pooled over the two
    samples judged apart this round, as each was first measured: 209 of 255 taken are citations,
    209 of 228 citations taken (82.0 / 91.7; trafilatura 186 of 272 and 186 of 228, 68.4 / 81.6).
    Neither target is met on fresh pages.
    The eleventh was then read and tuned on (a tuning sample since: its figures below are tuned-on
    figures). Seven rules came from its errors, each stated for its signal, not its site: a call to buy
    standing alone on its line ("Hier bestellen!", "auf iTunes") is the seller's offer, unless it is
    a button beside its price; a row of three or more keywords linked to the site's search
    ("/search/?q=", "/?s=") is a tag list, a pair of names or a word in a sentence staying citations;
    Spanish and Portuguese teaser leads ("PUEDES VER:"); a link to the page's own version in another
    language, as its head declares it (rel=alternate hreflang), is the page itself; an expert's page
    by name ("/eksperci/<name>") is an author link; a section named for ads ("Section--Ads") that
    holds 400 characters of the piece's prose is the piece; links to the site's own pages in a block a
    heading introduces as its other articles ("Auch interessant") are teasers. After them, P / R
    (trafilatura unchanged):

    sample                              before             after
    eleventh (random.Random(2036))      78.4 /  90.7       95.5 /  90.7    (127/133, 127/140)
    the other ten                       unchanged: 95.8 / 99.4 pooled (1,089/1,137, 1,089/1,096)

    Its 6 wrong links left: a news page's three-headline list above its text (the list's inline
    style rules count as its text), a forum and a Facebook page of a work, a widget's "Werden Sie
    Partner." Its 13 misses: 12 on the
    event-report post (the report stands in the post's own paragraphs, the block taken is its list
    of sources below; taking the whole post takes the house's promotions too: 9 more citations for
    38 wrong links, tried and not kept), austria.info's link on words of its first sentence.
    Whole set: 11 pages changed, each read. 10 lost 33 links: the keyword row (8), a portfolio page's
    and two magazines' calls to buy their own books and issues (16, 2, 1), the news page's two
    "PUEDES VER:" teasers, the translation link, two experts' bylines and a recipe's "zu allen
    Rezepten vom Autor", two headlines under "Auch interessant" and "Das könnte Sie auch
    interessieren"; chip.de.beef.html gained its retailer sentence and its price widget's offers (4
    URLs). Links both take 4,078, only linkaudit 1,086, only trafilatura 1,469 (was 4,090 / 1,103 /
    1,457). Pages where trafilatura keeps links and linkaudit takes none: 73, none a miss
    (chip.de.beef.html was the one). No judged citation lost on any sample.
    speed on the 591 pages of 50-200 KB, CPU time of one core, under load (load average 6-10):
    linkaudit 43.7 pages/s (22.9 ms a page), trafilatura 16.2 pages/s in the same run; before these
    rules, the same day, 46.4 and 17.2: the same ratio (2.7), the machine slower. Peak resident
    memory 147 MB.

    The twelfth sample (bodylinks_heldout_11.json, key held_out_pages_11: random.Random(2037), 25
    pages, 357 links judged, 101 citations), drawn and judged apart from the rules against the code
    before the eleventh's rules, measured once with the code above: linkaudit 84.9 / 100.0 (101 of
    119 taken are citations, 101 of 101 citations taken), trafilatura 81.3 / 99.0; the code before
    the eleventh's rules gave the same. Of the 18 wrong links, 10 are on one interview page's house
    block (the site's app, newsletter, shop and its other articles), 3 a paywall's offers inside the
    text, 2 a bookmarking service's credit, and single ones (a sign-up, a closing headline line, a
    teaser). Pooled over the three samples judged apart, as each was first measured: 310 of 374
    taken are citations, 310 of 329 citations taken (82.9 / 94.2). The precision target is not met
    on fresh pages.
    The twelfth was then read and tuned on (a tuning sample since: its figures below are tuned-on
    figures). Its 18 wrong links made rules stated for their signals, not their sites: the site's
    own app and account pages ("/app/", "/my-account/", a ".apk" file: the path ends there) are its
    channels; its own page on a shop or a platform, named after it and called "our" ("unserem
    Fan-Shop: …/pages/<site>"), is its channel; a link whose words name a newsletter, to any of the
    site's hosts, is its channel; its own pages linked in a paragraph that asks the reader to
    subscribe ("please subscribe to", "already a subscriber") are a paywall's offers; every link of a
    short line naming the tool the post was made with ("Posted from Diigo. The rest of my favorite
    links are here.") is the tool's; a teaser heading now also stands in a wrapper of its own
    ("<div><h2>Auch interessant...</h2></div>") or as a short line of its own ("Diese Artikel
    könnten dich auch interessieren:"), over a row of cards or headline paragraphs; "Mire:", "Lea
    también:", "Vea también:" lead teasers. After them, P / R (trafilatura unchanged):

    sample                              before             after
    twelfth (random.Random(2037))       84.9 / 100.0      100.0 / 100.0    (101/101, 101/101)
    eleventh                            95.5 /  90.7       96.2 /  90.7    (a widget's "Werden Sie Partner." gone)
    the other ten                       unchanged

    Whole set: 12 pages changed, each read; all lost links, 25, none gained: the twelfth's 18 and
    a widget's partner link under "Powered by GetYourGuide.", a paywall's two offers
    ("Abonnez-vous", aoc.media), a newsletter on the site's other host (elpais.com's "suscribirse
    aquí a nuestra newsletter"), a teaser under a wrapped "Mehr zum Thema" heading (golf.de, whose
    article links nothing else), "Lea también:" and "VEA TAMBIÉN:" teasers. No judged citation lost
    on any sample. Links both take 4,065, only linkaudit 1,074, only trafilatura 1,482 (was 4,078 /
    1,086 / 1,469). Pages where trafilatura keeps links and linkaudit takes none: 74 (was 73), the
    new one diaadia.com.pa-ulpiano.html, whose only link is the "Mire:" teaser: none a miss.
    speed: linkaudit 49.8 pages/s of CPU time on the 591 pages of 50-200 KB (20.1 ms a page), load
    average 5, in a run without trafilatura (with it, under load 7-12: 38.3 against trafilatura's
    18.8). Paired runs on the first 400 pages, the code before these rules and after, one after the
    other: 60.5 and 56.1 pages/s on the 241 of 50-200 KB (the teaser-heading walk costs about 7%).
    Peak resident memory 147 MB.
    Not taken: counting no <script>/<style> text in an element's text length (it fixes the
    eleventh's three-headline list, but changes 30 pages and tips a link-density threshold, losing
    a travel page's 21 citations and chip.de.beef.html's retailer sentence); it needs the thresholds
    read again with it.

    The thirteenth sample (bodylinks_heldout_12.json, key held_out_pages_12: random.Random(2038), 25
    pages, 160 links judged, 52 citations), judged apart from the rules, measured once with the
    code above: linkaudit 85.2 / 100.0 (52 of 61 taken are citations), trafilatura 87.7 / 96.2.
    Pooled over the four samples judged apart, each as first measured (tenth to thirteenth): 362 of
    435 taken are citations, 362 of 381 citations taken (83.2 / 95.0). The precision target is not
    met on fresh pages.
    The thirteenth was then read and tuned on (a tuning sample since: its figures below are tuned-on
    figures). Its 9 wrong links, and the shapes the whole set shows beside them, made rules stated
    for their signals, not their sites. By the page's structure: the page's own address with a
    fragment is a jump within the page, as "#…" written alone is (a shop guide's table of
    contents); the Wayback Machine's replay of a mailto: link is an e-mail address; the site's own
    pages in a line of nothing but links, where another link of the line is furniture by itself,
    are the house's row ("Reuse this content · The Trust Project"); a section page named like the
    page's folder ("/raumklima.html" over "/raumklima/kondenswasser.html") is the breadcrumb; a
    short bold line over a list counts as the list's heading. By the words and addresses of
    furniture, now kept in furniture_words.py: any "/…category/" path and "/thema/", "/tema/",
    "/cat/" are topic pages; the site's own bare "Mehr erfahren" and a series' overview ("alle
    Beiträge … der Serie") are teasers; "Reuse this content", "Reprints & Permissions", the site's
    disclosures and house policies ("Affiliatelinks", "Read our review policy"), its about page
    standing alone, the previous or next post and the way back to a section are navigation; a
    short call to sign up is the site's channel whichever word is linked; a rights line ("© …",
    "Copyright 2021 …") is navigation for the site's page and a credit for another's; print and
    mail-this buttons are share tools; a dateline with its weekday and time is a permalink; a link
    labelled only "Anzeige"/"Reklama" is an advert; a "Rubrik:"/"Category:" label names the piece's
    section; more headings announce the site's other articles ("Verwandte Artikel", "Noticias
    relacionadas", "Sur le même sujet", "Mehr zum Thema auf <site>"). Each has a test that fails
    without it and a counter-example that stays a citation (tests/test_body_jumps_and_house_pointers.py).
    After them, P / R (trafilatura unchanged):

    sample                              before             after
    thirteenth (random.Random(2038))    85.2 / 100.0       96.3 / 100.0    (52/54, 52/52)
    development                         96.4 / 100.0       98.2 / 100.0    (a sign-up line gone)
    third                               96.6 / 100.0       98.8 / 100.0    (a disclosure and a review policy)
    fourth                              87.9 /  98.3       89.2 /  98.3    (a breadcrumb, a picture's "<")
    seventh                             95.0 /  99.5       95.5 /  99.5    (a "/cat/" label)
    ninth                               97.7 /  97.7       98.8 /  97.7    (a "/thema/" topline)
    the other seven                     unchanged
    all thirteen                        95.7 /  98.6       96.6 /  98.6
                                        (1,369/1,431, 1,369/1,389)  (1,369/1,417, 1,369/1,389)

    The thirteenth's 2 wrong links left: a ratings widget's badge (a link with no words to the
    rating service) and a category label on a page whose address the set does not give (with no
    address, the site's own links cannot be told from others'). Whole set: 51 pages changed, each
    read: 50 lost 72 links (63 distinct addresses) and none gained any; one changed a link's reason
    only. No judged citation lost on any sample. What went: jumps within the page written as its
    address (14 on 5 pages), rights services and rights lines, teasers under the newly read
    headings (8), breadcrumbs and topic labels, print, mail and advert buttons, the site's
    disclosures and about pages, its own "Mehr erfahren" boxes and series overviews. Links both
    take 4,040, only linkaudit 1,036, only trafilatura 1,507 (was 4,065 / 1,074 / 1,482). Pages where
    trafilatura keeps links and linkaudit takes none: 78 (was 74); the four new ones each lost
    their one link, all furniture (a series' overview, a print button, two "Kategorie:" labels).
    The fingerprint of the whole extraction (both sets, examples/, tests/data: 3,060 records) changed
    in citations and reasons only, on 127 records; no date, title or warning changed, the example
    piece is unchanged. speed, under load (load average 13-18): linkaudit 48.7 pages/s of CPU time on
    the 591 pages of 50-200 KB, trafilatura 18.6 in the same run. Peak resident memory 138 MB.

    The fourteenth and fifteenth samples (bodylinks_heldout_13.json, key held_out_pages_13:
    random.Random(2039), 25 pages, 373 links judged, 93 citations; bodylinks_heldout_14.json, key
    held_out_pages_14: random.Random(2040), 25 pages, 48 citations), each judged apart from the
    rules. Fresh figures, as first measured, P / R:

    sample                              code before the thirteenth's rules   those rules      trafilatura
    fourteenth (random.Random(2039))    82.5 / 86.0 (80/97, 80/93)           87.0 / 86.0 (80/92)   87.5 / 90.3
    fifteenth (random.Random(2040))     77.0 / 97.9 (47/61, 47/48)           77.0 / 97.9           67.2 / 93.8
    both, with the thirteenth's rules   83.0 / 90.1 (127/153, 127/141)

    Neither target is met on fresh pages. The fourteenth's 13 misses are one page where a privacy
    notice the page opens over itself (one long scrolled text under one parent) outweighed the
    post, whose prose is cut into sections. The fifteenth's 14 wrong links: a press release's boxes
    (the issuer's line, its press folder on the press service, its feed, its profile in a directory,
    the company's web address in the contact block), headline teaser lines ("Lea aquí:", "Le puede
    interesar:"), the site's own product and seminar promotions, a wiki's "last edited by" and an
    about page, an audio player's wordless link, a decorative picture to an image host, a forum's
    reactions list; its miss is a "Quelle:" line in the article footer.
    Both were then read and tuned on (tuning samples since: the figures below are tuned-on
    figures). Rules stated for their signals, not their sites: a dialog the page opens over itself
    (a <dialog>, role=dialog or alertdialog, aria-modal, or a whole class name or id "dialog",
    "modal", "popup") is the site's, never the article however much prose it holds; a web address
    written out after a label ("Internet: www.…") in a block that also gives a telephone number or
    an e-mail address is the issuer's contact, not a source (a "Homepage: …" line beside a bank
    account stays a citation); an issuer line ("Herausgeber: <a>…</a>") is a byline; the site's
    list of "alle Pressemitteilungen" is its own list, as "alle Beiträge" is; a feed address
    ("rss.php", ".rss", "feed.xml") is the site's channel; a wordless link to another site's front
    page is a badge or a banner (a wordless picture to a deeper page stays); a forum's "/reactions"
    list is its machinery; a wiki's "(last edited … by <a>Name</a>)" names the editor; "Lea aquí:",
    "Le puede interesar:", "MIRA:" lead teasers; "via GIPHY" credits an animation's library; an
    "/auteur/" page is the author's. Each has a test that fails without it and a counter-example
    that stays a citation (tests/test_body_dialogs_and_press_boxes.py). After them, P / R
    (trafilatura unchanged):

    sample                              before             after
    fourteenth (random.Random(2039))    87.0 /  86.0       93.9 / 100.0    (93/99, 93/93)
    fifteenth (random.Random(2040))     77.0 /  97.9       90.4 /  97.9    (47/52, 47/48)
    the other thirteen                  unchanged
    all fifteen                                            96.2 /  98.6    (1,509/1,568, 1,509/1,530)

    Left on the fifteenth: the site's own seminar behind "mehr erfahren" on its other spelling of
    its host, its own product in a sentence, a directory profile ("Weitere Informationen zu …"),
    an about page run together with a link beside it, a decorative picture through a redirector;
    the "Quelle:" miss. On the fourteenth: a menu's two links in a press release's column, two
    of a climbing news page's links, a teaser, a picture's caption to the site's own article.
    Whole set (the fingerprint of the whole extraction: both sets, examples/, tests/data, 3,060
    records): 34 records of 26 files changed, in citations and reasons only; no date, title or
    warning changed, the example piece is unchanged. Every changed page was read. On trafilatura's
    set 18 pages changed: one gained its article (youhadmeatgardening.com's post, 12 distinct
    addresses, for a privacy policy's one); 17 lost 43 distinct addresses, all furniture: a press
    service's 23 company feeds (iwr.de's list page) and a release's issuer, feed and address,
    wordless links to another site's front page (a party's logo, a journal's logo in a "Journal
    information" box, banners of a bank, a financial group and a festival, a player's logo, a forum
    commenter's homepage icon), teaser lines ("MIRA", "LE PUEDE INTERESAR:", "Le puede interesar:"),
    GIPHY credits, an "/auteur/" byline, a forum's reactions, a wiki's last editor, the BSI's own
    address in its press contact. A guide's address block ("Internet: www.…" under a venue's
    telephone and fax) was caught by the first form of the contact rule and is kept as a citation
    by the press-contact condition (its counter-example test). No judged citation lost on any
    sample. Four pages now take no link (bsi.de, soy502.com, stluciatimes.com,
    thenassauguardian.com): each lost furniture only (its judged verdicts or a banner). The
    reference counts (links both take, only one takes) were not measured again this round.

    The sixteenth and seventeenth samples (bodylinks_heldout_15.json, key held_out_pages_15:
    random.Random(2041), 25 pages, 250 links judged, 99 citations; bodylinks_heldout_16.json, key
    held_out_pages_16: random.Random(2042), 25 pages not in the sixteenth, 365 links judged, 89
    citations; in each draw one page with over 100 links taken or kept was left out) were judged
    apart from the rules while the fourteenth's and fifteenth's rules above were written, and read
    by nobody writing them. Fresh figures, P / R:

    sample                              code they were judged on    the final rules      trafilatura
    sixteenth (random.Random(2041))     85.6 / 96.0 (95/111, 95/99)  86.4 / 96.0 (95/110)  71.0 / 88.9
    seventeenth (random.Random(2042))   89.7 / 97.8 (87/97, 87/89)   90.6 / 97.8 (87/96)   78.2 / 88.8
    both                                87.5 / 96.8 (182/208)        88.3 / 96.8 (182/206, 182/188)

    Neither target is met on fresh pages, pooled (90 / 97); the seventeenth alone meets both.
    Afterwards one page of the sixteenth became a zero-link page and was read as such: a forum
    reply's wordless link to an earlier thread, followed by its sentence, was taken for a teaser's
    icon; the rule made from it (a wordless link of the site's own that a sentence of eight words
    or more goes on after is that sentence's source) gives the sixteenth 86.5 / 97.0 (96/111,
    96/99) and both 88.4 / 97.3 (183/207, 183/188). Those are no longer fresh figures for that
    page: the fresh ones are the table's. As
    first measured, the four samples drawn this round (fourteenth to seventeenth) pool to 309 of
    366 links taken being citations and 309 of 329 citations taken (84.4 / 93.9); trafilatura's
    pool on the same pages 296 of 388 and 296 of 329 (76.3 / 90.0).

    The sixteenth and seventeenth were then read and tuned on (tuning samples since: the figures
    below are tuned-on figures, not fresh ones). Rules stated for their signals, not their sites:
    an account's page linked on nothing but its network's name is an invitation to follow it when
    its line holds little more ("auf <a>Twitter</a>" in a list of an event's links), calls to follow
    ("Folge uns auf <a>Facebook</a> | <a>Instagram</a>") or calls it the writer's or the site's own
    ("Auf meinem <a>Twitter-Account</a> poste ich …"); named in a sentence as where someone posted
    ("bestätigte er via <a>Instagram</a>") it stays a citation; a network under a country's domain
    (facebook.de) counts as the network; a network's hashtag page alone on its line or in a call
    to post ("tag #…") is an invitation, a hashtag in a sentence or in an embedded post stays; the
    site's legal notice, privacy and terms pages by their address ("per <a>E-Mail</a>" to
    "/impressum"), and a link in the site's disclaimer ("… is not responsible for the opinions …
    <a>click here to report</a>"), are the house's; a profile marked rel=publisher or rel=me, or
    "?rel=author" in its address, and an "Autor:"/"Written by" line are bylines; a link whose own
    class or id names it the next or previous piece ("nextlink", "prev-post") is navigation; a
    comment box's and form's links by their class ("commentsBox", "commentform"; "commentary" stays
    a piece); the section the page sits in named by a word or two on a short line ("Les dernières
    news <a>Suisse</a>"); a player's fallback link when the player stands above the text (the piece
    read aloud; a recording among the paragraphs stays a citation); the house's correction form
    ("Rectificar", "Report an error"), its explainer of its own widget ("Was heißt das?", "Unsere
    Nährwertampel erklärt"), a short line sending the reader to more of its news ("Para leer sobre
    otros hechos en …, clic AQUÍ"), and a card whose link holds a teaser label of its own ("Lea
    también" above the headline). And a list set in a list item of the piece, after a sentence of
    eight words or more that ends with a colon ("… can be further classified as:"), is the piece's
    enumeration, whatever it links. Each has a test that fails without it and a counter-example
    that stays a citation (tests/test_body_channels_and_house_notices.py). After them, P / R
    (trafilatura unchanged):

    sample                              before             after
    sixteenth (random.Random(2041))     86.5 /  97.0       99.0 / 100.0    (99/100, 99/99)
    seventeenth (random.Random(2042))   90.6 /  97.8       98.9 /  97.8    (87/88, 87/89)
    the other fifteen                   unchanged (no judged citation lost, no wrong link added)

    Left on the sixteenth: a nutrition widget's "Wieviele Kalorien darf ich essen?". On the
    seventeenth: a magazine's own event tickets on its page for its issue; its misses are a topic
    page of the site in a press release's "Weiterführende Informationen" list (a "/thema/" path)
    and trafilatura's form of a relative "kontakt/" (under the site's root; linkaudit resolves it
    under the page's folder, as a browser does, and takes that form, judged a citation too).
    Whole set (the fingerprint of the whole extraction: both sets, examples/, tests/data, 3,060
    records): 49 records of 22 files changed, in citations and reasons only; no date, title or
    warning changed, the example piece is unchanged. Every changed page was read: 66 citations
    went, all furniture (the samples' own, above; the same invitations elsewhere: "Like us on
    <a>Facebook</a> or follow us on <a>Twitter</a>", "Follow me on <a>Twitter</a>", "Folgt mir
    gerne auf <a>Instagram</a>", a recipe blog's own Pinterest and its "hier" to its legal notice and
    privacy page, section labels in datelines and breadcrumbs, a blog's "« … | <a>トップ</a> |", an
    events page's "Details im <a>Kalender</a> von Bernau LIVE." to its own calendar under "Alle
    Angaben ohne Gewähr"), and a lesson's three sources came back (the nested list above). Links
    both take 4,032, only linkaudit 991, only trafilatura 1,515 (was 4,042 / 1,004 / 1,505). Pages
    where trafilatura keeps links and linkaudit takes none: 86 (was 81); the five new ones, each
    read and recorded in zero_link_pages_all, keep only furniture (an author box's "Folgt mir
    gerne auf Instagram", a breadcrumb, a correction form, a disclaimer's contact link, a comment
    charter and a section label): none a miss. No judged citation lost on any sample. speed, under
    load (load average 10-20): linkaudit 59.0 pages/s of CPU time on the 591 pages of 50-200 KB,
    trafilatura 20.6 in the same run; peak resident memory 147 MB.

    Rules for citations missed, from the tuned samples only (tests/test_body_recall_sources.py,
    linkaudit/extract/piece_sources.py): a source line in the article's footer ("Quelle:",
    "Source:", "Fuente:", "Via:" … followed only by links to other sites); a topic page of the site
    under a further-reading heading ("Weiterführende Informationen", "Further reading", "Pour en
    savoir plus"); a further-information box just after the article (1 to 8 links, not named as
    related or furniture: other sites' pages and documents are citations, the site's own are
    teasers); a recipe's ingredients in a block of their own beside its preparation. Tuned samples
    pooled 95.3 / 98.4 -> 95.4 / 99.0 (1702/1785, 1702/1719); no fresh page changed.

    The eighteenth to twenty-third samples (bodylinks_heldout_17.json to _22.json, keys
    held_out_pages_17 to _22: random.Random(2043) to random.Random(2048), 25 pages each, drawn two
    at a time so that they share no page) were judged apart while the rules above were written and
    read by nobody writing them; the pass/fail test pools them. One caveat: the kinds of citation
    the eighteenth to twenty-first miss (a footnote, a source line, links in a box just after the
    text, a gallery's captions) were named, as kinds, to whoever wrote the rules for missed
    citations; those rules changed no page of any of the six samples. Fresh figures, P / R:

    sample                                 code they were judged on      the final rules               trafilatura
    eighteenth (random.Random(2043))       92.1 / 95.3 (82/89, 82/86)    92.1 / 95.3                   71.8 / 86.0
    nineteenth (random.Random(2044))       97.5 / 96.3 (156/160, 156/162) 97.5 / 96.3                  85.5 / 87.0
    twentieth (random.Random(2045))        94.8 / 94.8 (91/96, 91/96)    94.8 / 94.8                   83.2 / 82.3
    twenty-first (random.Random(2046))     91.5 / 88.1 (118/129, 118/134) 91.5 / 88.1                  76.0 / 85.1
    twenty-second (random.Random(2047))    75.6 / 98.6 (68/90, 68/69)    75.6 / 98.6                   60.6 / 95.7
    twenty-third (random.Random(2048))     83.7 / 92.6 (87/104, 87/94)   84.5 / 92.6 (87/103)          68.2 / 79.8
    pooled                                 90.1 / 93.9 (602/668)         90.3 / 93.9 (602/667, 602/641) 75.0 / 85.6 (549/732, 549/641)

    Precision reaches the target pooled (90) and recall does not (97); the samples differ widely
    (75.6 to 97.5 precision, 88.1 to 98.6 recall: 25 pages are a small sample of the web). The
    rules written from the sixteenth and seventeenth took them from 88.4 / 97.3 to 98.9 / 98.9, yet
    changed one link of these 150 pages: most of what a sample's errors teach is particular to its
    pages. 15 of the twenty-first's 16 misses are on one page whose article is a gallery's captions.

    Those six were then read and tuned on (tuning samples since: the figures below are tuned-on
    figures; the fresh pool is the twenty-fourth and twenty-fifth, bodylinks_heldout_23.json and
    _24.json, judged apart). Their 39 misses and 65 wrong links made rules stated for their signals,
    not their sites (tests/test_body_recall_structures.py, tests/test_body_furniture_words_and_addresses.py).
    Citations read where furniture stands: the notes the text points to by a note mark ("1", "[2]",
    "*"), read with the article wherever the page sets them (linkaudit/extract/article_notes.py);
    a network's embedded post (blockquote.twitter-tweet and the like) set among the article's blocks
    or in a wrapper named for the network; a list of the site's pages right after a paragraph whose
    last sentence it completes ("Möglich sind"); a button labelled as the source ("Quelle",
    "Source") in a meta row; a sentence pointing at one reader's comment ("#comment-166"); a topic
    page linked on a name in a paragraph of prose; a gallery item's "comment" part in BEM naming
    ("gallery__item__comment": its caption); another site's page linked on words inside a sentence
    of a teaser box; and a byline's words must be words ("Die <a>…</a>" is no "di e"). Furniture:
    teaser leads in parentheses and "También puede leer:"; the newsroom as a byline ("Redacción");
    a line to the piece's next page ("Seite 2 …", "weiter zu …"); a house policy line; "alle
    Bilder von …" credits; a map's "Größere Kartenansicht"; "seguir a X en" follow calls; stock
    picture agencies, free licences and the licence body's home page; a page's revision history;
    the house's own promoted traffic (utm_medium=owned, push); Polish topic and donation pages,
    "/contribute/", numbered feeds; a box about the writer ("Zur Person", "About the author");
    "...detail...", "Zur … übersicht", "einen weiteren Beitrag"; an editors' pick heading
    ("Redaktionstipp"); another site's topic label standing alone; a headline set alone in
    parentheses. P / R:

    sample                                 before                         after
    eighteenth (random.Random(2043))       92.1 /  95.3 (82/89, 82/86)    98.9 / 100.0 (86/87, 86/86)
    nineteenth (random.Random(2044))       97.5 /  96.3 (156/160, 156/162) 98.8 / 98.8 (160/162, 160/162)
    twentieth (random.Random(2045))        94.8 /  94.8 (91/96, 91/96)    95.8 /  94.8 (91/95, 91/96)
    twenty-first (random.Random(2046))     91.5 /  88.1 (118/129, 118/134) 95.0 / 98.5 (132/139, 132/134)
    twenty-second (random.Random(2047))    75.6 /  98.6 (68/90, 68/69)    82.1 / 100.0 (69/84, 69/69)
    twenty-third (random.Random(2048))     84.5 /  92.6 (87/103, 87/94)   93.1 / 100.0 (94/101, 94/94)
    the six pooled                         90.3 /  93.9 (602/667, 602/641) 94.6 / 98.6 (632/668, 632/641)
    the seventeen earlier samples pooled   96.5 /  99.0 (1,702/1,763, 1,702/1,719), unchanged
    all twenty-three pooled                94.8 /  97.6 (2,304/2,430, 2,304/2,360)  96.0 / 98.9 (2,334/2,431, 2,334/2,360)

    Left: the six's 9 misses (a related-links box of a news item's video and live stream, a
    sidebar's result link, an aside's further-information box drawn as a button, a teaser box's
    headline to the research the report is about, two gallery captions outside the block taken) and
    36 wrong links (a dictionary page's own navigation, 7; a holiday villa's booking buttons and
    listing pictures, 5; a card offer's box, 3; single ones: a podcast's music credits, channel
    mentions in sentences, a topic page on a word of a sentence, headline lines, a forum thread). Not kept: the site's contact page and "Trust Principles" as furniture
    (each left a page citing nothing, which is then read from the HTML in its scripts).
    Whole set (990 pages): 30 pages changed, each read; 19 lost 31 links (the furniture above:
    teaser leads, next-page lines, newsroom bylines, revision histories, stock pictures, follow
    calls, promoted traffic, donation and topic pages, an author box, a map view), 11 gained 33 (the
    gallery's captions, 15; quoted posts, 5; a list completing a sentence, 3; a teaser box's further
    reading, 3; notes, 2; a cited reader comment, 2; a source button; a topic name in a paragraph; a
    sentence that looked like a byline). No judged citation lost on any sample. Links both take
    4,029, only linkaudit 1,003, only trafilatura 1,518 (was 4,034 / 996 / 1,513). Pages where
    trafilatura keeps links and linkaudit takes none: 89 (was 85), the four new ones read and
    recorded (chadim.net.schreibstil.html, eltiempo.com-candidatos.html, next2games.de.anno.html,
    paginasiete.bo-carabineros.html: every link judged on them is furniture), none a miss. The
    fingerprint of the whole extraction (both sets, examples/, tests/data: 3,060 records) changed in
    citations and reasons only, on 72 records; no date, title or warning changed.

    The twenty-fourth to twenty-seventh samples (bodylinks_heldout_23.json to _26.json, keys
    held_out_pages_23 to _26, 93 pages) were judged apart and measured fresh at the code before and
    after the round that tuned on the eighteenth to twenty-third: both gave exactly 81.1 / 90.9
    (321/396, 321/353): twenty-fourth 84.7 / 95.2, twenty-fifth 51.7 / 55.4, twenty-sixth
    82.4 / 100, twenty-seventh 94.3 / 97.6 (trafilatura pooled 64.0 / 87.5, 309/483, 309/353). Rules
    written from tuned samples' words and address shapes had moved no link of them. They were then
    read and tuned on (tuning samples since; the fresh pool is the twenty-eighth and twenty-ninth),
    this time for failures of structure, counted over the errors of all twenty-seven samples (58
    misses, 172 wrong links at the round's start):
    - the wrong element taken as the article, a box announcing itself as furniture (an author box)
      that holds more prose than the body the page marks ("entry-content") beside it: 21 errors on
      one page (its 15 citations missed, 6 author links taken). Rule (prose.py): an author,
      comment or related box beside a marked body holding a quarter of the prose stays furniture
      however much it holds (a footer or a menu holding most of a page's prose is read as before);
    - a list piece whose items each link their subject by a button ("Mehr Info" under each place):
      10 misses on one page. Rule (offers.py): a short button to another site closing an item
      (a heading and a paragraph) that is one of three or more alike side by side is a citation;
    - citations in a sibling block of the body taken (a related-links box, a factbox, a sidebar's
      result link, another item of a list page, gallery items): 9 misses on 6 pages, each its own
      shape; not changed;
    - a link-dense part of the marked body refused for its links (a blog post's link dump): 12
      misses on one page; not changed (taking it would take the menus such bodies hold elsewhere);
    - the site's own pages taken from inside the body (in-body teaser lists, its products and
      services, a wiki's edit and identifier links): about 117 of the 166 wrong links left (counted
      by host name). Of the own-site links located in the tuned pages, 26 wrong ones stand alone on
      their line against 66 judged citations that do too (lists of the piece's own documents,
      tables of its places): standing alone does not tell them apart, so no rule was written.
    P / R after the two rules (tuned-on figures):

    sample                                 before                          after
    twenty-fourth (held_out_pages_23)      84.7 /  95.2 (100/118, 100/105)  unchanged
    twenty-fifth (held_out_pages_24)       51.7 /  55.4 (31/60, 31/56)      70.9 / 100.0 (56/79, 56/56)
    twenty-sixth (held_out_pages_25)       82.4 / 100.0 (108/131, 108/108)  unchanged
    twenty-seventh (held_out_pages_26)     94.3 /  97.6 (82/87, 82/84)      unchanged
    the four pooled                        81.1 /  90.9 (321/396, 321/353)  83.4 / 98.0 (346/415, 346/353)
    all twenty-seven pooled                93.9 /  97.9 (2,654/2,826, 2,654/2,712)  94.2 / 98.8 (2,679/2,845, 2,679/2,712)

    No judged citation lost on any sample. Whole set (990 pages): 2 pages changed, the two pages
    above (25 links gained, 6 author links lost); links both take 4,043, only linkaudit 1,008, only
    trafilatura 1,504 (was 4,029 / 1,003 / 1,518); pages where trafilatura keeps links and linkaudit
    takes none: 89, the same pages. The fingerprint of the whole extraction (both sets, examples/,
    tests/data: 3,060 records) changed on those 2 records only, in citations and reasons; no date,
    title or warning changed. That the rules changed no other page of the 990 says how rare these
    two shapes are, not that they generalise.

    The two pages of the 718 judged where the article has citations and linkaudit took none were
    both in the twentieth sample: a news item whose info column (class "sidebar": its date, author,
    categories and a "Weitere Informationen" box of the meeting's results) stands beside its text,
    and a ministry's topic page whose <aside> in its <main> holds "Zusatzinformationen", boxes
    opened by toggle buttons ("Mehr Informationen", a brochure's PDF). Rule (html.py,
    piece_sources.py): an article whose text cites nothing gives its sources, if it has any, in a
    box beside its text, so such an article reads the further-information boxes beside and inside it
    even where they stand in a column or an aside named as the site's; other sites' pages and the
    site's documents in them are cited, the site's other pages and an account on a network are not.
    A box's heading may now be the button that opens it or an element classed as a heading (not a
    span inside an <h2>), and a heading that opens its wrapper heads the whole wrapper when that
    holds a few links (else the block after it, as before). Both pages give their 4 citations and
    no furniture; no other page of the 990 changed, no fresh page changed: the twenty-eighth and
    twenty-ninth, checked with it before their errors were read, stayed 80.8 / 100.0 (101/125,
    101/101) and 77.0 / 89.3 (67/87, 67/75). Pages with citations where linkaudit takes none: 0 of
    718.

    Then the twenty-eighth and twenty-ninth were read and tuned on (tuning samples since; the fresh
    pool is the thirtieth and thirty-first, judged apart). Their wrong links were mostly the site's
    own headlines under a label whose words no list held ("Mehr lesen:", "Lesetipp:", "Auch auf
    <site>:", "Lue seuraavaksi:"), so the rules read the shape, not the words
    (tests/test_body_labelled_headlines.py): a line that is a short label ending in a colon and one
    headline of the site's own linked whole is a teaser whatever the label says (a word or a name
    after a label, a source label, an author's name before a reference, a document and another
    site's page stay citations); a short label of its own over headlines of the site's own, each
    linked whole, announces a teaser list (unless it announces further information, or other
    sites' pages stand under it too); a list of the site's pages that holds the page itself is its
    section's menu; a line of nothing but the site's pages joined by path signs is a breadcrumb.
    P / R (trafilatura unchanged):

    sample                                 before                          after
    twenty-eighth (held_out_pages_27)      80.8 / 100.0 (101/125, 101/101)  86.3 / 100.0 (101/117, 101/101)
    twenty-ninth (held_out_pages_28)       77.0 /  89.3 (67/87, 67/75)      87.0 /  89.3 (67/77, 67/75)
    the twenty-seven earlier pooled        94.2 /  98.8 (2,679/2,845, 2,679/2,712)  94.3 / 98.9 (2,683/2,846, 2,683/2,712)
    all twenty-nine pooled                 93.1 /  98.6 (2,847/3,057, 2,847/2,888)  93.8 / 98.7 (2,851/3,040, 2,851/2,888)

    No judged citation lost on any sample. The label rules reached pages no one had read: of the
    3,060 fingerprinted extractions, 53 records changed (citations and reasons; one warning, below),
    and the links they dropped there are teaser lines in languages no word list held ("Baca juga:",
    "Baca:", "Читайте также:", "SEE ALSO:", "Nota relacionada:", "Sehen Sie auch:", "Weiterlesen:"),
    a journal's topic page under "Journal information:", a wiki's "See also:" line and a blog's
    name after "Blog :". On one page (d57cfadc…, read with its address) the teaser was its only
    link taken, so the page's own markup cites nothing and the HTML in its scripts is read, which
    takes its "zur mobilen Version" link (unchanged: the script reading does not tell furniture
    apart). Pages where trafilatura keeps links and linkaudit takes none: 92 (was 89), the three
    new ones read and recorded, none a miss. Left on the twenty-eighth and twenty-ninth: a
    leadership column's list of names linked to the site's own interviews (4), a factbox of health
    advice links (6), a licence explainer's badges to the licences it explains (6 misses, read as
    picture credits), a file server's downloads (2 misses), section and topic labels, credits.

    Then the thirtieth and thirty-first, measured as drawn, had two pages with citations where
    linkaudit took none, and those two were read (tests/test_body_enclosed_articles_and_source_lines.py):
    an article the page marks as such (an <article>, itemprop=articleBody, a CMS's body class) that
    holds most of the page's prose is the article even when a furniture container encloses it (a
    sidebar whose menus are never closed, so the parser nests the article in them); that
    container's role covers only what lies outside it. And an article whose text cites nothing
    gives the source line set right after it in a block of its own ("Quelle: <a>headline</a>", a
    source label and a colon, a short line of a few links to another site). P / R:

    sample                                 before                          after
    thirtieth (held_out_pages_29)          87.5 /  92.1 (70/80, 70/76)      88.4 / 100.0 (76/86, 76/76)
    thirty-first (held_out_pages_30)       86.5 /  84.6 (148/171, 148/175)  86.6 /  85.1 (149/172, 149/175)
    all thirty-one pooled                  93.25 / 97.77 (3,069/3,291, 3,069/3,139)  93.27 / 97.99 (3,076/3,298, 3,076/3,139)

    Judged pages with citations where linkaudit takes none: 0 (was 2). The fingerprint (3,060
    extractions) changed on those two pages (and htmldate's copies of them) and on one more,
    battery-news.de.ultium-cells.html, read: its news item's text links nothing and a section of
    its own after it gives "Quelle:" and the press release's address, now its citation. Pages where
    trafilatura keeps links and linkaudit takes none: 91 (was 92), none a miss.

    Then the misses of every sample read so far were read again, the thirty-first's and the
    thirty-second's with them (their labels say so since), and grouped by cause; the thirty-third
    to thirty-fifth were not read (their summary lines only). Rules for citations the rules threw
    out as furniture, each stated for its signal, not its site (tests/test_body_recall_sections.py):
    - a row of logos that a heading and a sentence of its own introduce is the piece's list of
      the organisations it names (a careers fair's companies, "We work with the following
      organizations" over the platforms' logos), whatever its pictures' shape; a "listen on" row
      (no heading) and a partners' wall (a heading alone) stay icon rows (link_rows.py);
    - a name in a sentence linked to its topic page through a span classed as a keyword link
      ("<span class='wp_keywordlink'><a>Google</a></span>") is a word of the piece, as the same
      class on the link itself was (body.py);
    - a network's post the piece quotes stays quoted in an <aside> of its own among the
      paragraphs, as in a wrapper named for the network (body.py);
    - a block after the article under a heading of its own that offers nothing but files named in
      words (a competition's start lists and results as PDF files) holds the documents the piece
      reports on, however many (piece_files.py);
    - a file served by a download call in an address's query ("index.php?r=files/file/download&id=…")
      is a document, as a ".pdf" is: a button offering it offers the piece's document;
    - badges of three or more different licences, each a picture linked to its deed, are the
      licences a piece explains, not a picture's credit (piece_files.py);
    - a button in words right under an unlinked picture of the piece, to another site's page, is
      where the piece sends its reader ("Open Account" under a reviewed exchange's picture); an
      icon, a search, an ad server's click, a host named after the site, a button under a teaser
      card's linked picture or after a paragraph stay calls to act (offers.py);
    - another site's page in an <aside> set between two paragraphs of the piece is its box of facts
      (a tour's dates and "Tickets: Eventim, Reservix"), the site's own pages there its teasers.
    One link first taken by these rules on a judged page had no verdict and was judged by the
    written criteria (the ninth's caritas.de "Downloads" box beside a press release: the new
    president's CV as a PDF, a citation; recorded in bodylinks_judged.json). P / R (the ninth's
    "before" counted with that verdict):

    sample                                 before                          after
    second (held_out_pages)                95.4 / 100.0 (62/65, 62/62)     93.9 / 100.0 (62/66)
    ninth (held_out_pages_8)               98.8 /  96.6 (85/86, 85/88)     98.9 /  97.7 (86/87, 86/88)
    twenty-fourth (held_out_pages_23)      84.7 /  95.2 (100/118, 100/105) 85.0 /  97.1 (102/120, 102/105)
    twenty-seventh (held_out_pages_26)     94.3 /  97.6 (82/87, 82/84)     94.4 / 100.0 (84/89, 84/84)
    twenty-ninth (held_out_pages_28)       87.0 /  89.3 (67/77, 67/75)     88.2 / 100.0 (75/85, 75/75)
    thirty-first (held_out_pages_30)       86.6 /  85.1 (149/172, 149/175) 88.3 /  99.4 (174/197, 174/175)
    thirty-second (held_out_pages_31)      87.6 /  84.4 (92/105, 92/109)   89.3 /  99.1 (108/121, 108/109)
    the other twenty-five read             unchanged
    all thirty-two read, pooled            93.09 / 97.51 (3,168/3,403, 3,168/3,249)
                                           93.18 / 99.17 (3,222/3,458, 3,222/3,249)
    the thirty-third to thirty-fifth       unchanged: no link of theirs moved

    The second's one wrong link added is cnet.de's "Google" linked to its topic page through the
    keyword span inside a sentence, judged furniture there, while the written criteria (and the
    thirty-second's verdicts on zdnet.de's same markup) count a site's topic page on a word of a
    sentence as a citation; the verdict was left as judged. Misses left, judged beyond a general
    rule: an event-report post whose block taken is its list of sources (12, the eleventh), a
    series page whose chosen <article> is another item of the series (2), a related-news box's
    video and live stream (2), gallery captions outside the block taken (2), a teaser box's
    headline to the research reported, a forum reply's link inside a quoted post, a sentence set
    as a button to the site's own page (taking such buttons took three of the site's own offers
    for one citation: not kept), the site's own calculator called "our …" (a citation here,
    furniture by an earlier rule), a relative link's other resolution, a results button above the
    article, a download page's redirector, a slider's "Mehr zu Druckern".
    Whole set (both sets' files, 1,295: trafilatura's tests/cache and tests/eval, htmldate's
    tests/cache and tests/test_set): 11 pages changed, 55 links gained, none lost, each read: the
    judged pages above (54 citations, cnet.de's one furniture); no other page changed. Speed
    (bench_extract.py --pages on both sets, --no-reference, 750 pages of 50-200 KB; the code
    before and after alternating, load average 5-8): 8.8 / 8.8 and 8.9 / 8.8 ms a page.

    The paragraph below is the state before the tenth's rules.
    The ninth's last wrong links: correctiv.org's topic topline and two citations outside the block
    taken, handwerksblatt's sign-up box (vh-kiosk.de/registrierung).

    whole set, 990 pages: links both take 4,110, only linkaudit 1,097, only trafilatura 1,437
    (round start: 3,941 / 1,254 / 1,606). 64 pages changed, each read: 59 lost 176 links (teaser
    rows and two-item headline lists, wordless teaser pictures, rows of icons and partner logos,
    "Vollbild" and "Grafik herunterladen" picture links, banners, the site's donation pages and own
    app, print-and-send services, related-stories tracking, breadcrumb sections); 6 gained 188
    (a journal's reference list beside its abstract, 175; a Wayback replay's sources; a sectioned
    article's topic links; a news item's event links; a short post's two sources). No judged
    citation lost. Pages where trafilatura keeps links and linkaudit takes none: 72, every one read:
    1 misses a citation of its article (chip.de.beef.html: a retailer sentence styled as a button),
    71 keep only furniture.
    speed on the 591 pages of 50-200 KB, CPU time of one core, under load (load average 9):
    linkaudit 44.9 pages/s (22.2 ms a page), trafilatura 18.5 pages/s (54.0 ms) in the same run
    (round start, load 12-15: 43.5 and 17.7). Peak resident memory 145 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest

from linkaudit.extract import extract
from linkaudit.settings import Settings
from linkaudit.models import Document, DocumentKind

JUDGED = Path(__file__).parent / "data" / "bodylinks_judged.json"
# The judged samples, in the order they were drawn; each was used for tuning once its misses were read.
SAMPLES = {
    "pages": "development sample",
    "held_out_pages": "second sample (tuned on since)",
    "held_out_pages_2": "third sample (tuned on since)",
    "held_out_pages_3": "fourth sample (tuned on since)",
    "held_out_pages_4": "fifth sample (tuned on since)",
    "held_out_pages_5": "sixth sample (tuned on since)",
    "held_out_pages_6": "seventh sample (tuned on since)",
    "held_out_pages_7": "eighth sample (tuned on since)",
    "held_out_pages_8": "ninth sample (tuned on since)",
    "held_out_pages_9": "tenth sample (tuned on since)",
    "held_out_pages_10": "eleventh sample (tuned on since)",
    "held_out_pages_11": "twelfth sample (tuned on since)",
    "held_out_pages_12": "thirteenth sample (tuned on since)",
    "held_out_pages_13": "fourteenth sample (tuned on since)",
    "held_out_pages_14": "fifteenth sample (tuned on since)",
    "held_out_pages_15": "sixteenth sample (tuned on since)",
    "held_out_pages_16": "seventeenth sample (tuned on since)",
    "held_out_pages_17": "eighteenth sample (tuned on since)",
    "held_out_pages_18": "nineteenth sample (tuned on since)",
    "held_out_pages_19": "twentieth sample (tuned on since)",
    "held_out_pages_20": "twenty-first sample (tuned on since)",
    "held_out_pages_21": "twenty-second sample (tuned on since)",
    "held_out_pages_22": "twenty-third sample (tuned on since)",
    "held_out_pages_23": "twenty-fourth sample (tuned on since)",
    "held_out_pages_24": "twenty-fifth sample (tuned on since)",
    "held_out_pages_25": "twenty-sixth sample (tuned on since)",
    "held_out_pages_26": "twenty-seventh sample (tuned on since)",
    "held_out_pages_27": "twenty-eighth sample (tuned on since)",
    "held_out_pages_28": "twenty-ninth sample (tuned on since)",
    "held_out_pages_29": "thirtieth sample (judged apart; one page read since)",
    "held_out_pages_30": "thirty-first sample (judged apart; tuned on since)",
    "held_out_pages_31": "thirty-second sample (judged apart; tuned on since)",
    "held_out_pages_32": "thirty-third sample (judged apart; not tuned on)",
    "held_out_pages_33": "thirty-fourth sample (judged apart; not tuned on)",
    "held_out_pages_34": "thirty-fifth sample (judged apart; not tuned on)",
    "held_out_pages_35": "thirty-sixth sample (judged apart; not tuned on)",
    "held_out_pages_36": "thirty-seventh sample (judged apart; not tuned on)",
}
# The tenth and later samples are kept in files of their own (bodylinks_heldout_<n>.json, key
# held_out_pages_<n>): each was judged apart from the rules' development, and the tenth to
# twenty-ninth, the thirty-first and the thirty-second tuned on after their first measurement.
# The pass/fail test pools the samples never tuned on (FRESH), kept in files added by whoever judged them: a tuned-on figure says little of
# pages the rules have not seen.
LAST_TUNED_ON = "held_out_pages_31"
FRESH = ("held_out_pages_33", "held_out_pages_34", "held_out_pages_35")
_DATA = Path(__file__).parent / "data"
JUDGED_APART = {f"held_out_pages_{n}": _DATA / f"bodylinks_heldout_{n}.json" for n in range(9, 37)}
DATA_VARIABLE = "LINKAUDIT_BODYLINKS_DATA"
_SMALL, _LARGE = 50_000, 200_000


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    url: str
    html: str


def pages(data: Path, limit: int | None = None) -> Iterator[Page]:
    tests = data / "tests"
    known = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for count, (url, record) in enumerate(known.items()):
        if limit is not None and count >= limit:
            return
        path = tests / "cache" / record["file"]
        if not path.exists():
            path = tests / "eval" / record["file"]
        raw = path.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("cp1252", "replace")
        yield Page(record["file"], url if url.startswith(("http://", "https://")) else _address_in(html), html)


_CANONICAL = re.compile(
    r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"']+)|<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"']+)""",
    re.IGNORECASE,
)


def _address_in(html: str) -> str:
    """The page's own address when evaldata.json names it by file ("hard::name.html"): its
    canonical link or og:url, as the page was served from there."""
    found = _CANONICAL.search(html)
    return (found.group(1) or found.group(2)) if found else ""


def linkaudit_links(page: Page) -> tuple[list[str], list[tuple[str, str]]]:
    """linkaudit's citations (checked URLs) and its non-citations (written, reason) on one page."""
    extraction = extract(Document(source=page.name, text=page.html, kind=DocumentKind.HTML, base_url=page.url or None), Settings().extract)
    return [c.url for c in extraction.citations], [(n.written, n.reason) for n in extraction.non_citations]


def trafilatura_links(page: Page) -> list[str]:
    import trafilatura  # a reference only: imported when asked for

    document = trafilatura.bare_extraction(page.html, url=page.url, include_links=True, with_metadata=False)
    body = getattr(document, "body", None) if document is not None else None
    if body is None:
        return []
    return [urljoin(page.url, ref.get("target") or "") for ref in body.iter("ref") if ref.get("target")]


@dataclass(slots=True)
class Timing:
    pages: int = 0
    seconds: float = 0.0
    sized_pages: int = 0
    sized_seconds: float = 0.0

    def add(self, page: Page, seconds: float) -> None:
        self.pages += 1
        self.seconds += seconds
        if _SMALL <= len(page.html.encode("utf-8", "surrogatepass")) <= _LARGE:
            self.sized_pages += 1
            self.sized_seconds += seconds

    def __str__(self) -> str:
        return (
            f"{self.sized_pages / self.sized_seconds:.1f} pages/s ({1000 * self.sized_seconds / self.sized_pages:.1f} ms a page) "
            f"on the {self.sized_pages} pages of 50-200 KB, {self.pages / self.seconds:.1f} pages/s on all {self.pages}"
        )


@dataclass(slots=True)
class Outcome:
    ours: dict[str, list[str]] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    reference: dict[str, list[str]] = field(default_factory=dict)
    timing: Timing = field(default_factory=Timing)
    reference_timing: Timing = field(default_factory=Timing)


def measure(data: Path, *, reference: bool, limit: int | None = None) -> Outcome:
    outcome = Outcome()
    for page in pages(data, limit):
        started = time.process_time()
        citations, non_citations = linkaudit_links(page)
        outcome.timing.add(page, time.process_time() - started)
        outcome.ours[page.name] = citations
        for _, reason in non_citations:
            outcome.reasons[reason] = outcome.reasons.get(reason, 0) + 1
        if reference:
            started = time.process_time()
            outcome.reference[page.name] = trafilatura_links(page)
            outcome.reference_timing.add(page, time.process_time() - started)
    return outcome


@dataclass(frozen=True, slots=True)
class Judged:
    pages: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_negatives)


def judge(ours: dict[str, list[str]], sample: str = "pages", judged_file: Path | None = None, *, strict: bool = True) -> Judged:
    """The citations a tool took on the judged pages of one sample (a key of SAMPLES). A link
    taken but never judged is an error, or (not strict: for the reference) left out."""
    judged_file = judged_file or JUDGED_APART.get(sample, JUDGED)
    verdicts = json.loads(judged_file.read_text(encoding="utf-8"))[sample]
    tp = fp = fn = 0
    for name, links in verdicts.items():
        taken = set(ours.get(name, []))
        unjudged = taken - set(links)
        if unjudged and strict:
            raise ValueError(f"{name}: {len(unjudged)} link(s) taken but never judged, e.g. {sorted(unjudged)[0]}")
        taken = {_one_link(url) for url in taken - unjudged}
        citations = {_one_link(url) for url, verdict in links.items() if verdict == "citation"}
        tp += len(taken & citations)
        fp += len(taken - citations)
        fn += len(citations - taken)
    return Judged(len(verdicts), tp, fp, fn)


def _one_link(url: str) -> str:
    """One link however a tool spelled its scheme: trafilatura writes a protocol-relative href
    ("//doi.org/...") with http, linkaudit with the page's https, and the judges record both
    spellings with one verdict; counted apart, each tool would miss the other's spelling. Likewise
    an address trafilatura gives with the href's stray trailing space, and one written with an
    empty fragment ("updates.html#"), which linkaudit keeps and trafilatura drops."""
    return url.strip().removeprefix("https:").removeprefix("http:").removesuffix("#")


def missing_samples() -> list[str]:
    """The judged samples whose file is not there (a fresh sample not yet added)."""
    return [sample for sample in SAMPLES if not JUDGED_APART.get(sample, JUDGED).exists()]


def pooled(samples: Iterable[Judged]) -> Judged:
    """Several samples' counts as one."""
    rows = [(j.pages, j.true_positives, j.false_positives, j.false_negatives) for j in samples]
    return Judged(*(sum(column) for column in zip(*rows))) if rows else Judged(0, 0, 0, 0)


def report(outcome: Outcome) -> str:
    lines = []
    for sample, label in SAMPLES.items():
        if sample in missing_samples():
            lines.append(f"{label}: not measured, its file {JUDGED_APART[sample]} is not there yet")
            continue
        judged = judge(outcome.ours, sample)
        lines.append(
            f"{label} ({judged.pages} pages judged by hand): precision {judged.precision:.1%} "
            f"({judged.true_positives} of {judged.true_positives + judged.false_positives} citations taken), "
            f"recall {judged.recall:.1%} ({judged.true_positives} of {judged.true_positives + judged.false_negatives} citations)"
        )
        if outcome.reference:
            theirs = judge(outcome.reference, sample, strict=False)
            lines.append(f"  trafilatura on the same pages: precision {theirs.precision:.1%}, recall {theirs.recall:.1%}")
    taken = sum(len(set(urls)) for urls in outcome.ours.values())
    lines.append(f"linkaudit: {taken} citations on {len(outcome.ours)} pages; {outcome.timing}")
    lines.append(f"  not citations, by reason: {dict(sorted(outcome.reasons.items(), key=lambda item: -item[1]))}")
    if outcome.reference:
        both = only_ours = only_theirs = zero = 0
        for name, urls in outcome.ours.items():
            mine, theirs = set(urls), set(outcome.reference.get(name, []))
            both += len(mine & theirs)
            only_ours += len(mine - theirs)
            only_theirs += len(theirs - mine)
            zero += bool(theirs and not mine)
        lines.append(f"trafilatura: {outcome.reference_timing}")
        lines.append(
            f"  links both take {both}, only linkaudit {only_ours}, only trafilatura {only_theirs}; "
            f"pages where trafilatura keeps links and linkaudit takes none: {zero}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"peak resident memory {peak:.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=os.environ.get(DATA_VARIABLE), help=f"trafilatura checkout (or ${DATA_VARIABLE})")
    parser.add_argument("--reference", action="store_true", help="also run trafilatura on every page")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--dump", type=Path, help="write each page's links (ours and trafilatura's) to this JSON file")
    options = parser.parse_args(argv)
    if not options.data or not (Path(options.data) / "tests" / "evaldata.json").exists():
        parser.error("give the path of a trafilatura checkout (see the module's documentation)")
    outcome = measure(Path(options.data), reference=options.reference, limit=options.limit)
    if options.dump:
        options.dump.write_text(json.dumps({"ours": outcome.ours, "trafilatura": outcome.reference}), encoding="utf-8")
    print(report(outcome))
    return 0


@pytest.mark.bench
def test_body_links_reach_the_judged_precision_and_recall() -> None:
    data = os.environ.get(DATA_VARIABLE)
    if not data:
        pytest.skip(f"set {DATA_VARIABLE} to a trafilatura checkout")
    absent = [str(JUDGED_APART[sample]) for sample in FRESH if sample in missing_samples()]
    if absent:
        pytest.fail(f"the fresh samples' files are not there yet, nothing to measure: {', '.join(absent)}", pytrace=False)
    outcome = measure(Path(data), reference=False)
    print(report(outcome))
    judged = pooled(judge(outcome.ours, sample) for sample in FRESH)
    print(f"fresh samples pooled: precision {judged.precision:.1%}, recall {judged.recall:.1%}")
    assert judged.precision >= 0.90
    assert judged.recall >= 0.97


if __name__ == "__main__":
    sys.exit(main())
