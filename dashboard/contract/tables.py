"""The files of a data folder, declared: every `Table`, its columns (with their English and Indonesian
descriptions), its allowed values and references, and the row rules across its columns. The validator,
the data READMEs and the template are all derived from these declarations (`dashboard/contract/`)."""

from __future__ import annotations

from dashboard.contract.rules import (
    alt_source_is_own,
    alt_value_same_as,
    bad_template,
    corroboration_is_own,
    date_shape,
    end_before_start,
    first_year_mismatch,
    not_confirmed,
    placeholders_differ,
    planned_but_happened,
    signing_as_activity,
    story_case_filled,
    story_placeholders,
    story_value_list,
    version_shape,
    year_of_date,
)
from dashboard.contract.schema import Column, RowRule, Table, eq
from dashboard.contract.vocab import (
    ACTIVITY_KINDS,
    AGREEMENT_KINDS,
    BASEMAP_FILE,
    CONFIDENCES,
    HAPPENED,
    PLACEHOLDERS,
    PRECISIONS,
    REGIONS,
    RELATIONSHIPS,
    SEOUL_TEXT_KEYS,
    SIGNING_KINDS,
    STATUSES,
    STORY_STEPS,
    STORY_VALUES,
    YES_NO,
)

# --- Shared column groups -----------------------------------------------------------------------------------

_PARTNER_REF = ("partners.csv", "id")
_COUNTRY_REF = ("countries.csv", "iso3")
_SECTOR_REF = ("sectors.csv", "id")
_SECTOR_MESSAGE = "every item must be a known sector id from sectors.csv"


def _place(what_en: str, what_id: str) -> tuple[Column, ...]:
    return (
        Column("city_en", "text", f"{what_en} name in English", f"nama {what_id} dalam bahasa Inggris", required=True,
               is_name=True),
        Column("city_local", "text", "name as written locally (e.g. `수원시`, `浜松市`)",
               "nama dalam tulisan setempat (mis. `수원시`, `浜松市`)", optional=True, is_name=True),
        Column("country_iso3", "iso3", "an `iso3` of `countries.csv`", "sebuah `iso3` dari `countries.csv`",
               required=True, ref=_COUNTRY_REF, ref_message="must be a country listed in countries.csv"),
        Column("lat", "number", "latitude of the city centre, decimal degrees (WGS84)",
               "lintang pusat kota, derajat desimal (WGS84)", required=True, low=-90, high=90, example="-6.9175"),
        Column("lon", "number", "longitude of the city centre, decimal degrees (WGS84)",
               "bujur pusat kota, derajat desimal (WGS84)", required=True, low=-180, high=180, example="107.6191"),
        Column("geonames_id", "integer", "the city's GeoNames id (a test checks the coordinates against it)",
               "id GeoNames kota itu (sebuah tes mencocokkan koordinatnya)", optional=True, low=1, high=10**9),
    )


def _provenance(alt_examples: str) -> tuple[Column, ...]:
    return (
        Column("confidence", "enum", "how well the row is sourced (see Provenance)",
               "seberapa kuat sumber baris ini (lihat Asal-usul)", required=True, values=CONFIDENCES,
               meanings={"confirmed": ("the cited page states the fact as written", "laman yang dikutip menyatakan fakta itu"),
                         "conflicting": ("sources disagree; the row holds the preferred value",
                                         "sumber berbeda; baris memuat nilai yang diutamakan"),
                         "unverified": ("a weak source, or inferred", "sumber lemah, atau hasil simpulan")}),
        Column("note_en", "text", "the disagreement or the reason, in English; required when not `confirmed`",
               "perbedaan atau alasannya, dalam bahasa Inggris; wajib bila bukan `confirmed`", optional=True),
        Column("note_id", "text", "the same note in Indonesian", "catatan yang sama dalam bahasa Indonesia", optional=True),
        Column("alt_value", "text", f"the other version, in short form ({alt_examples}); required when "
               "`conflicting`, and different from the row's own value",
               f"versi lainnya, singkat ({alt_examples}); wajib bila `conflicting`, dan berbeda dari nilai baris itu sendiri",
               optional=True),
        Column("alt_source_url", "url", "the source of the other version; required when `conflicting`; not one of the "
               "row's own sources", "sumber versi lainnya; wajib bila `conflicting`; bukan salah satu sumber baris itu sendiri",
               optional=True),
    )


def _provenance_rules(comparable: tuple[str, ...]) -> tuple[RowRule, ...]:
    note = ("a note in English and Indonesian is required when confidence is not 'confirmed'",
            "catatan dalam bahasa Inggris dan Indonesia wajib bila confidence bukan 'confirmed'")
    return (
        RowRule("note_en", *note, lambda t, ctx: not_confirmed(t) & eq(t, "note_en", "")),
        RowRule("note_id", *note, lambda t, ctx: not_confirmed(t) & ~eq(t, "note_en", "") & eq(t, "note_id", "")),
        RowRule("alt_value", "the other version's value (short form, e.g. 1997-08-27) is required when confidence is "
                "'conflicting'", "nilai versi lainnya (singkat, mis. 1997-08-27) wajib bila confidence 'conflicting'",
                lambda t, ctx: eq(t, "confidence", "conflicting") & eq(t, "alt_value", "")),
        RowRule("alt_value", "must differ from the row's own value: it is the other version (compared with "
                + ", ".join(comparable) + ")", "harus berbeda dari nilai baris itu sendiri: ini versi lainnya "
                "(dibandingkan dengan " + ", ".join(comparable) + ")", alt_value_same_as(comparable)),
        RowRule("alt_source_url", "the source of the alternative value is required when confidence is 'conflicting'",
                "sumber nilai alternatif wajib bila confidence 'conflicting'",
                lambda t, ctx: eq(t, "confidence", "conflicting") & eq(t, "alt_source_url", "")),
        RowRule("alt_source_url", "must not be one of the row's own sources: it is the source of the other version",
                "tidak boleh salah satu sumber baris itu sendiri: ini sumber versi lainnya", alt_source_is_own),
    )


def _dated() -> tuple[Column, ...]:
    return (
        Column("date", "date", "as precise as the source: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`",
               "setepat sumbernya: `YYYY-MM-DD`, `YYYY-MM` atau `YYYY`", required=True, example="1997-08-25"),
        Column("date_precision", "enum", "how precise `date` is; must agree with its shape",
               "seberapa tepat `date`; harus sesuai bentuknya", required=True, values=PRECISIONS),
        Column("year", "year", "the year of `date`", "tahun dari `date`", required=True),
    )


_DATE_RULES = (
    RowRule("date", "the date's shape must match date_precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)",
            "bentuk tanggal harus sesuai date_precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)", date_shape),
    RowRule("year", "must equal the year of 'date'", "harus sama dengan tahun pada 'date'", year_of_date),
)
_SOURCES = Column("source_urls", "urls", "the public pages that state the fact; at least one",
                  "laman publik yang menyatakan fakta itu; minimal satu", required=True)
_CORROBORATION = Column("corroborating_urls", "urls", "independent reports that state the same fact (another outlet, "
                        "the partner city's own page, a page in the partner's language); empty when none was found "
                        "(the note then says so)", "laporan independen yang menyatakan fakta yang sama (media lain, "
                        "laman resmi kota mitra, laman berbahasa kota mitra); kosong bila tidak ditemukan (catatan "
                        "lalu menyebutkannya)", optional=True)
_CORROBORATION_RULE = RowRule("corroborating_urls", "must not repeat the row's own sources or its other version's "
                              "source: a corroborating report is another page", "tidak boleh mengulang sumber baris itu "
                              "sendiri atau sumber versi lainnya: laporan penguat adalah laman lain", corroboration_is_own)


# --- The files ----------------------------------------------------------------------------------------------

HOME = Table("home.csv", "home city (exactly one row)", "kota asal (tepat satu baris)", (
    Column("id", "slug", "identifier of the home city, e.g. `bandung`", "pengenal kota asal, mis. `bandung`", required=True),
    *_place("city", "kota"),
    Column("source_urls", "urls", "where the name and status are stated", "tempat nama dan statusnya dinyatakan", required=True),
), rows=1)

COUNTRIES = Table("countries.csv", "country that appears in the data", "negara yang muncul dalam data", (
    Column("iso3", "iso3", "ISO 3166-1 alpha-3 code", "kode ISO 3166-1 alfa-3", required=True, unique=True, example="IDN"),
    Column("iso_numeric", "integer", "ISO 3166-1 numeric; matches the `id` of the base map's country shapes",
           "ISO 3166-1 numerik; sama dengan `id` bentuk negara di peta dasar", required=True, low=1, high=999),
    Column("name_en", "text", "country name in English", "nama negara dalam bahasa Inggris", required=True, is_name=True),
    Column("name_id", "text", "country name in Indonesian", "nama negara dalam bahasa Indonesia", required=True,
           is_name=True),
    Column("region", "enum", "world region (UN M49 groupings; labels in `i18n.csv` as `region.<id>`)",
           "kawasan dunia (pengelompokan UN M49; label di `i18n.csv` sebagai `region.<id>`)", required=True, values=REGIONS),
))

PARTNERS = Table("partners.csv", "foreign partner city (signed, prospective, unverified or disputed)",
                 "kota mitra luar negeri (bertanda tangan, prospektif, belum terverifikasi, atau disengketakan)", (
    Column("id", "slug", "stable identifier, e.g. `braunschweig`, `fort-worth`", "pengenal tetap, mis. `braunschweig`",
           required=True, unique=True),
    *_place("city", "kota"),
    Column("relationship", "enum", "the highest stage documented", "tahap tertinggi yang terdokumentasi", required=True,
           values=RELATIONSHIPS, meanings={
               "sister_city": ("a sister-city agreement or MoU", "perjanjian atau MoU kota kembar"),
               "friendship_city": ("a friendship-city agreement", "perjanjian kota sahabat"),
               "cooperation_mou": ("a cooperation MoU not framed as sister cities", "MoU kerja sama yang bukan kota kembar"),
               "letter_of_intent": ("an LoI only", "hanya LoI"),
               "exploration": ("talks, visits, no signed document", "pembicaraan, kunjungan, tanpa dokumen bertanda tangan")}),
    Column("status", "enum", "where the partnership stands", "keadaan kemitraan", required=True, values=STATUSES, meanings={
        "active": ("an agreement signed in 2022 or later, or a government-level exchange (an activity with `context` = "
                   "`no` that took place) dated 2022 or later; `note_en` says when the last document has lapsed",
                   "perjanjian ditandatangani sejak 2022, atau pertukaran tingkat pemerintah (kegiatan dengan `context` = "
                   "`no` yang terlaksana) sejak 2022"),
        "unclear": ("a document exists, no such exchange since 2022", "ada dokumen, tanpa pertukaran semacam itu sejak 2022"),
        "ended": ("documented as ended", "terdokumentasi telah berakhir"),
        "prospective": ("talks only", "baru pembicaraan"),
        "unverified": ("named somewhere, not confirmed", "disebut di suatu tempat, belum terkonfirmasi"),
        "disputed": ("named as a partner by some sources, contradicted by others",
                     "disebut mitra oleh sebagian sumber, dibantah sumber lain")}),
    Column("first_year", "year", "year of the first formal document; empty when nothing was signed",
           "tahun dokumen resmi pertama; kosong bila belum ada yang ditandatangani"),
    Column("first_contact_year", "year", "year of the first recorded contact (places partners without a document on "
           "the time axis)", "tahun kontak pertama yang tercatat (menempatkan mitra tanpa dokumen di sumbu waktu)",
           optional=True),
    Column("summary_en", "text", "one sentence on the partnership, in English", "satu kalimat tentang kemitraan, bahasa Inggris",
           required=True),
    Column("summary_id", "text", "the same sentence in Indonesian", "kalimat yang sama dalam bahasa Indonesia", required=True),
    *_provenance("`sister_city`, `2006`"),
    _SOURCES,
), rules=(
    RowRule("first_year", "must equal the year of the partner's earliest document in agreements.csv (empty when it has none)",
            "harus sama dengan tahun dokumen paling awal mitra itu di agreements.csv (kosong bila tidak ada)",
            first_year_mismatch, needs=("agreements.csv",)),
    *_provenance_rules(("relationship", "status", "first_year", "first_contact_year")),
), unique_together=(("country_iso3", "city_en"),))

AGREEMENTS = Table("agreements.csv", "signed document (LoI, MoU, sister-city agreement, renewal, ...)",
                   "dokumen bertanda tangan (LoI, MoU, perjanjian kota kembar, perpanjangan, ...)", (
    Column("id", "slug", "stable identifier, e.g. `suwon-1997-sister-city`", "pengenal tetap", required=True, unique=True),
    Column("partner_id", "slug", "an `id` of `partners.csv`", "sebuah `id` dari `partners.csv`", required=True,
           ref=_PARTNER_REF, ref_message="must be an id listed in partners.csv"),
    *_dated(),
    Column("kind", "enum", "what kind of document", "jenis dokumen", required=True, values=AGREEMENT_KINDS),
    Column("sectors", "ids", "the fields the document covers, from `sectors.csv`; at least one",
           "bidang yang dicakup dokumen, dari `sectors.csv`; minimal satu", required=True, ref=_SECTOR_REF,
           ref_message=_SECTOR_MESSAGE),
    Column("signatories", "text", "only where a source names them", "hanya bila sumber menyebutkannya", optional=True),
    *_provenance("`1997-08-27`, `friendship_agreement`"),
    _SOURCES,
    _CORROBORATION,
), rules=(*_DATE_RULES, *_provenance_rules(("date", "year", "kind")), _CORROBORATION_RULE))

ACTIVITIES = Table("activities.csv", "dated event between the two cities", "peristiwa bertanggal antara kedua kota", (
    Column("id", "slug", "stable identifier, e.g. `seoul-2016-12-01-cikapundung`", "pengenal tetap", required=True, unique=True),
    Column("partner_id", "slug", "an `id` of `partners.csv`", "sebuah `id` dari `partners.csv`", required=True,
           ref=_PARTNER_REF, ref_message="must be an id listed in partners.csv"),
    *_dated(),
    Column("end_date", "date", "closes a multi-day event; never before `date`",
           "akhir peristiwa beberapa hari; tidak sebelum `date`", optional=True),
    Column("kind", "enum", "what kind of event", "jenis peristiwa", required=True, values=ACTIVITY_KINDS, meanings={
        "expiry": ("a document lapses", "sebuah dokumen berakhir masa berlakunya"),
        "other_agreement": ("a document signed by one of the two cities with a third party, such as a region or a "
                            "ministry, that bears on the partnership",
                            "dokumen yang ditandatangani salah satu kota dengan pihak ketiga (mis. provinsi atau "
                            "kementerian) yang berkaitan dengan kemitraan")}),
    Column("sector", "slug", "one field from `sectors.csv`", "satu bidang dari `sectors.csv`", required=True, ref=_SECTOR_REF,
           ref_message="must be one of the sector ids listed in sectors.csv"),
    Column("title_en", "text", "one line, in English", "satu baris, bahasa Inggris", required=True),
    Column("title_id", "text", "one line, in Indonesian", "satu baris, bahasa Indonesia", required=True),
    Column("context", "enum", "`no` only when a source reports that one of the two city governments (mayor, officials, "
           "an agency, a city-owned company; a city's contracted sister-city organisation, such as Fort Worth Sister "
           "Cities, counts as the city) organised the event or took part officially in an exchange between the two "
           "cities; an official delegation received by the host city's government counts even when other cities' "
           "delegations come the same week. `yes` for events run by others (an embassy or consulate, a ministry, a "
           "community group, a university or a firm alone; a troupe with no reported government role) and for forums "
           "and shows of many cities (a meeting of the two governments during one is a row of its own)",
           "`no` hanya bila sumber melaporkan salah satu pemerintah kota (wali kota, pejabat, dinas, BUMD; organisasi "
           "kota kembar yang dikontrak kota, seperti Fort Worth Sister Cities, dihitung sebagai kota) menyelenggarakan "
           "peristiwa itu atau ikut resmi dalam pertukaran antara kedua kota; delegasi resmi yang diterima pemerintah "
           "kota tuan rumah dihitung walau delegasi kota lain datang pekan yang sama. `yes` untuk peristiwa yang "
           "diselenggarakan pihak lain (kedutaan atau konsulat, kementerian, komunitas, universitas atau perusahaan "
           "saja; rombongan seni tanpa peran pemerintah yang dilaporkan) dan untuk forum atau pertunjukan banyak kota "
           "(pertemuan kedua pemerintah di sela acara itu menjadi baris tersendiri)",
           required=True, values=YES_NO),
    Column("happened", "enum", "whether the source reports that the event took place", "apakah sumber melaporkan "
           "peristiwa itu terjadi", optional=True, default="yes", values=HAPPENED, meanings={
               "yes": ("the source reports that it took place", "sumber melaporkan peristiwa itu terjadi"),
               "planned": ("announced or scheduled, not confirmed to have happened",
                           "diumumkan atau dijadwalkan, belum terkonfirmasi terjadi"),
               "cancelled": ("announced, then called off", "diumumkan, lalu dibatalkan")}),
    *_provenance("`2017-02-09`, `17:20`"),
    Column("source_url", "url", "the page that states the event", "laman yang menyatakan peristiwa itu", required=True),
    _CORROBORATION,
), rules=(
    _CORROBORATION_RULE,
    *_DATE_RULES,
    RowRule("end_date", "must not be before 'date'", "tidak boleh sebelum 'date'", end_before_start),
    RowRule("kind", "the title says a document was signed: a signing between the two cities belongs in agreements.csv; "
            "here the kind may only be " + ", ".join(SIGNING_KINDS), "judul menyebut dokumen ditandatangani: "
            "penandatanganan antara kedua kota masuk agreements.csv; di sini jenisnya hanya boleh "
            + ", ".join(SIGNING_KINDS), signing_as_activity),
    RowRule("happened", "the title's first clause says the event was planned, scheduled or will happen: set happened "
            "to planned (or cancelled)", "klausa pertama judul menyebut peristiwa direncanakan atau dijadwalkan: isi "
            "happened dengan planned (atau cancelled)", planned_but_happened),
    *_provenance_rules(("date", "year", "end_date", "kind")),
), note_en="Dated events other than the signing of a document listed in `agreements.csv` (the dashboard shows both "
           "together on timelines). A title that says a document was signed (a word such as sign, signed, signing "
           "or signature together with a word such as agreement, MoU, LoI, charter or declaration) is a signing, "
           "which belongs in `agreements.csv`, unless the document is one of the two cities' agreements with a "
           "third party (`other_agreement`), an approval or an expiry. A title whose first clause (before `:` or "
           "`;`) says planned, scheduled or will describes a plan: `happened` is then `planned` or `cancelled`.",
    note_id="Peristiwa bertanggal selain penandatanganan dokumen di `agreements.csv`.")

SECTORS = Table("sectors.csv", "cooperation field of the controlled vocabulary", "bidang kerja sama dari kosakata baku", (
    Column("id", "slug", "identifier, e.g. `urban_planning`", "pengenal, mis. `urban_planning`", required=True, unique=True),
    Column("label_en", "text", "label in English", "label dalam bahasa Inggris", required=True, is_name=True),
    Column("label_id", "text", "label in Indonesian", "label dalam bahasa Indonesia", required=True, is_name=True),
    Column("color", "color", "one colour per sector, used by every map, chart and legend",
           "satu warna per bidang, dipakai semua peta, grafik dan legenda", required=True, example="#1965B0"),
    Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999),
), note_en="The palette is Paul Tol's \"discrete rainbow\" (designed to stay distinguishable for colour-blind readers; "
           "https://personal.sron.nl/~pault/), one colour per sector.",
    note_id="Paletnya \"discrete rainbow\" dari Paul Tol, satu warna per bidang.")

I18N = Table("i18n.csv", "word or sentence of the interface, in English and Indonesian",
             "kata atau kalimat antarmuka, dalam bahasa Inggris dan Indonesia", (
    Column("key", "key", "e.g. `filters.years`, `relationship.sister_city`", "mis. `filters.years`", required=True, unique=True),
    Column("en", "text", "the text in English", "teks dalam bahasa Inggris", required=True),
    Column("id", "text", "the text in Indonesian", "teks dalam bahasa Indonesia", required=True),
), rules=(
    RowRule("en", "placeholders in braces must be one of " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            + "; write {{ or }} for a brace", "penanda dalam kurung kurawal harus salah satu dari "
            + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "; tulis {{ atau }} untuk kurung kurawal", bad_template("en")),
    RowRule("id", "placeholders in braces must be one of " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            + "; write {{ or }} for a brace", "penanda dalam kurung kurawal harus salah satu dari "
            + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "; tulis {{ atau }} untuk kurung kurawal", bad_template("id")),
    RowRule("id", "must have the same {placeholders} as 'en'", "harus memuat {penanda} yang sama dengan 'en'",
            placeholders_differ),
))


STORY = Table("story.csv", "step of the presenter's story (presentation mode, `?mode=present&step=N`)",
              "langkah cerita presentasi (mode presentasi)", (
    Column("step", "integer", "the step's number: 1, 2, ... in the order of the talk", "nomor langkah", required=True,
           unique=True, low=1, high=99),
    Column("id", "enum", "what the step draws", "apa yang digambar langkah itu", required=True, values=STORY_STEPS, meanings={
        "network": ("the map of the network today with the headline figures", "peta jaringan saat ini dengan angka utama"),
        "growth": ("the growth chart and the map at that time, with the history player",
                   "grafik pertumbuhan dan peta pada waktu itu, dengan pemutar sejarah"),
        "fields": ("the fields of cooperation", "bidang kerja sama"),
        "seoul": ("the Seoul case: question, findings and timeline", "kasus Seoul: pertanyaan, temuan dan lini masa"),
        "open": ("what the sources leave open", "yang belum dijawab sumber")}),
    Column("title_en", "text", "the step's title, in English", "judul langkah, bahasa Inggris", required=True),
    Column("title_id", "text", "the step's title, in Indonesian", "judul langkah, bahasa Indonesia", required=True),
    Column("takeaway_en", "text", "one sentence whose `{placeholders}` are filled from the current view, in English",
           "satu kalimat yang `{penanda}`-nya diisi dari tampilan saat ini, bahasa Inggris", required=True),
    Column("takeaway_id", "text", "the same sentence in Indonesian", "kalimat yang sama, bahasa Indonesia", required=True),
    Column("takeaway_narrow_en", "text", "the sentence for a narrow view, in English: one partner (`network`), "
           "partnerships in one decade or spread evenly over decades (`growth`), one field or fields that tie "
           "(`fields`); empty for the other steps",
           "kalimat untuk tampilan sempit, bahasa Inggris: satu mitra (`network`), kerja sama dalam satu dekade atau "
           "merata antardekade (`growth`), satu bidang atau bidang yang seri (`fields`); kosong untuk langkah lain",
           optional=True),
    Column("takeaway_narrow_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", optional=True),
    Column("takeaway_playing_en", "text", "the sentence while the history plays (`growth` only): what the network holds "
           "by the year reached, in English; empty for the other steps", "kalimat selama sejarah diputar (hanya "
           "`growth`), bahasa Inggris; kosong untuk langkah lain", optional=True),
    Column("takeaway_playing_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", optional=True),
), rules=(
    RowRule("takeaway_en", "may use only the placeholders its step fills in: " + story_value_list("takeaway"),
            "hanya boleh memakai penanda yang diisi langkahnya", story_placeholders("takeaway_en")),
    RowRule("takeaway_id", "may use only the placeholders its step fills in (see takeaway_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", story_placeholders("takeaway_id")),
    RowRule("takeaway_narrow_en", "may use only the placeholders its step fills in: " + story_value_list("takeaway_narrow"),
            "hanya boleh memakai penanda yang diisi langkahnya", story_placeholders("takeaway_narrow_en")),
    RowRule("takeaway_narrow_id", "may use only the placeholders its step fills in (see takeaway_narrow_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", story_placeholders("takeaway_narrow_id")),
    RowRule("takeaway_playing_en", "may use only the placeholders its step fills in: "
            + story_value_list("takeaway_playing"), "hanya boleh memakai penanda yang diisi langkahnya",
            story_placeholders("takeaway_playing_en")),
    RowRule("takeaway_playing_id", "may use only the placeholders its step fills in (see takeaway_playing_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", story_placeholders("takeaway_playing_id")),
    *(RowRule(column, "must be written for the steps that have this sentence ("
              + ", ".join(step for step, cases in STORY_VALUES.items() if column.rsplit("_", 1)[0] in cases)
              + ") and left empty for the others", "wajib diisi untuk langkah yang memiliki kalimat ini dan dikosongkan "
              "untuk langkah lain", story_case_filled(column))
      for column in ("takeaway_narrow_en", "takeaway_narrow_id", "takeaway_playing_en", "takeaway_playing_id")),
), optional=True, min_rows=1, note_en="The wording of the story is data; what each step draws, and which figures its takeaway "
   "can name, are fixed by its `id`. A counted value comes with its noun in the right number (`{partners_count}` is "
   "\"one partner city\" or \"16 partner cities\"): those words, lists (\"A, B and C\") and ties (\"16 each\") are "
   "the `story.` and `words.` keys of `i18n.csv`, with `.one` and `.other` forms (and `.zero` where a sentence needs "
   "it). A data folder without `story.csv` gets the bundled story.",
   note_id="Kata-kata cerita adalah data; apa yang digambar setiap langkah ditentukan oleh `id`-nya.")


def _seoul_cards(title: str, title_en: str, title_id: str, text_en: str, text_id: str) -> tuple[Column, ...]:
    return (
        Column(f"{title}_en", "text", f"{title_en}, in English", f"{title_id}, bahasa Inggris", required=True),
        Column(f"{title}_id", "text", f"{title_en}, in Indonesian", f"{title_id}, bahasa Indonesia", required=True),
        Column("text_en", "markdown", f"{text_en}, in English", f"{text_id}, bahasa Inggris", required=True),
        Column("text_id", "markdown", f"{text_en}, in Indonesian", f"{text_id}, bahasa Indonesia", required=True),
    )


def _card_columns(example: str) -> tuple[Column, ...]:
    return (Column("id", "slug", f"identifier, e.g. {example}", "pengenal", required=True, unique=True),
            Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999))


_SEOUL_SOURCES = Column("source_urls", "urls", "the pages the text rests on; at least one",
                        "laman yang mendasari teks; minimal satu", required=True)

SEOUL_TEXTS = Table("seoul/texts.csv", "piece of running text on the page (title, introductions, notes)",
                    "potongan teks di halaman (judul, pengantar, catatan)", (
    Column("key", "slug", "which text; all of them are required: " + ", ".join(f"`{k}`" for k in SEOUL_TEXT_KEYS),
           "teks yang mana; semuanya wajib", required=True, unique=True),
    Column("en", "markdown", "the text in English; `legal_path` carries its source links inline as Markdown links",
           "teks dalam bahasa Inggris", required=True),
    Column("id", "markdown", "the text in Indonesian", "teks dalam bahasa Indonesia", required=True),
), required_keys=("key", SEOUL_TEXT_KEYS))

SEOUL_CONCEPTS = Table("seoul/concepts.csv", "analytical concept the thesis uses", "konsep analitis yang dipakai penelitian", (
    *_card_columns("`sister_city`, `paradiplomacy`"),
    Column("name_en", "text", "name of the concept, in English", "nama konsep, bahasa Inggris", required=True),
    Column("name_id", "text", "name of the concept, in Indonesian", "nama konsep, bahasa Indonesia", required=True),
    Column("text_en", "markdown", "a few sentences explaining it, in English", "beberapa kalimat penjelasan, bahasa Inggris",
           required=True),
    Column("text_id", "markdown", "a few sentences explaining it, in Indonesian", "beberapa kalimat penjelasan, bahasa Indonesia",
           required=True),
    _SEOUL_SOURCES,
))

SEOUL_FINDINGS = Table("seoul/findings.csv", "finding of the thesis, with the evidence beside it",
                       "temuan penelitian, dengan buktinya", (
    *_card_columns("`urban_planning`, `cultural_exchange`, `smart_city` (the abstract's order)"),
    *_seoul_cards("title", "short title", "judul singkat", "the finding as the thesis states it",
                  "temuan sebagaimana dinyatakan penelitian"),
    Column("sectors", "ids", "fields of `sectors.csv` whose timeline events the finding highlights; at least one",
           "bidang di `sectors.csv` yang peristiwanya disorot temuan ini; minimal satu", required=True, ref=_SECTOR_REF,
           ref_message=_SECTOR_MESSAGE),
    Column("evidence_en", "markdown", "how the public record bears on the finding (from the dashboard's data, not from "
           "the thesis), in English", "bagaimana catatan publik berkaitan dengan temuan, bahasa Inggris", required=True),
    Column("evidence_id", "markdown", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("source_urls", "urls", "the pages behind the evidence; at least one", "laman di balik bukti; minimal satu",
           required=True),
))

SEOUL_OPEN_QUESTIONS = Table("seoul/open_questions.csv", "disagreement between sources, or gap in them",
                             "perbedaan antarsumber, atau celah di dalamnya", (
    *_card_columns("`loi_date`, `classification`"),
    *_seoul_cards("title", "the question, one line", "pertanyaannya, satu baris", "what each source says, and what stays "
                  "unresolved", "apa kata tiap sumber, dan apa yang belum terjawab"),
    Column("answer_en", "text", "what the sources say, in one line (a short answer drawn from `text_en`, for a slide), "
           "in English", "apa kata sumber, dalam satu baris (jawaban singkat dari `text_en`, untuk salindia), bahasa "
           "Inggris", required=True),
    Column("answer_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("source_urls", "urls", "the sources on every side; at least one", "sumber dari semua pihak; minimal satu",
           required=True),
))

SEOUL_CITATION = Table("seoul/citation.csv", "field of the citation of the thesis", "kolom kutipan penelitian", (
    Column("field", "slug", "`title`, `title_note_en`, `title_note_id`, `keywords_id`, `keywords_en`, `author`, `year`, "
           "`institution`, `document_type`", "nama kolom kutipan", required=True, unique=True),
    Column("value", "text", "the value; `author`, `year`, `institution` and `document_type` stay empty until someone fills "
           "them in from the thesis itself (they are never guessed)", "nilainya; tidak pernah ditebak"),
    Column("editable", "enum", "`yes` when the reader may fill in or correct the field on the page",
           "`yes` bila pembaca boleh mengisi atau membetulkan kolom itu", required=True, values=YES_NO),
), note_en="The abstract gives no formal title: `title` holds the research focus in the abstract's own words. "
           "`keywords_id` and `keywords_en` are the abstract's keywords, unchanged.",
    note_id="Abstraknya tidak memberi judul resmi: `title` memuat fokus penelitian dengan kata-kata abstrak itu.")

SEOUL_READING_LIST = Table("seoul/reading_list.csv", "related work", "karya terkait", (
    Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999, unique=True),
    Column("title", "text", "title as published (may stay in its original language)", "judul sebagaimana terbit", required=True),
    Column("authors", "text", "as shown by the source, comma-separated; empty when not shown",
           "sebagaimana tertulis di sumber, dipisah koma; kosong bila tidak ada"),
    Column("year", "year", "year of publication; empty when not shown", "tahun terbit; kosong bila tidak ada"),
    Column("venue", "text", "journal, series or repository", "jurnal, seri atau repositori"),
    Column("url", "url", "a public page for the work", "laman publik karya itu", required=True),
))

DATASET = Table("dataset.csv", "release of the data set (exactly one row): what a citation, an export or a data package "
                "says of it", "rilis kumpulan data (tepat satu baris): yang disebut kutipan, ekspor atau paket data", (
    Column("id", "slug", "short name of the data set, e.g. `bandung-partnerships`", "nama pendek kumpulan data",
           required=True),
    Column("version", "text", "the release, as year.month.number (e.g. `2026.12.0`); `data/CHANGES.md` is grouped by it",
           "rilis, sebagai tahun.bulan.nomor (mis. `2026.12.0`)", required=True, example="2026.12.0"),
    Column("released", "date", "the day of the release, `YYYY-MM-DD`", "tanggal rilis, `YYYY-MM-DD`", required=True),
    Column("title_en", "text", "the data set's title, in English", "judul kumpulan data, bahasa Inggris", required=True),
    Column("title_id", "text", "the data set's title, in Indonesian", "judul kumpulan data, bahasa Indonesia", required=True),
    Column("description_en", "text", "one or two sentences on what it holds, in English",
           "satu atau dua kalimat tentang isinya, bahasa Inggris", required=True),
    Column("description_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("licence", "text", "the data's licence as an SPDX id, e.g. `CC-BY-4.0`", "lisensi data sebagai id SPDX",
           required=True),
    Column("licence_title", "text", "the licence's full name", "nama lengkap lisensi", required=True),
    Column("licence_url", "url", "the licence's text", "teks lisensi", required=True),
    Column("homepage", "url", "the data set's public address, when it has one", "alamat publik kumpulan data, bila ada"),
), rules=(RowRule("version", "must look like 2026.12.0 (year, month, release number)",
                  "harus berbentuk 2026.12.0 (tahun, bulan, nomor rilis)", version_shape),),
    rows=1, optional=True, bundled_stands_in=False,
    note_en="A folder without `dataset.csv` is data without a release: its exports name no version or licence.",
    note_id="Folder tanpa `dataset.csv` adalah data tanpa rilis: ekspornya tidak menyebut versi atau lisensi.")

TABLES: tuple[Table, ...] = (DATASET, HOME, COUNTRIES, PARTNERS, AGREEMENTS, ACTIVITIES, SECTORS, I18N, STORY, SEOUL_TEXTS,
                             SEOUL_CONCEPTS, SEOUL_FINDINGS, SEOUL_OPEN_QUESTIONS, SEOUL_CITATION, SEOUL_READING_LIST)

# The only files the validator reads (regular files, never symbolic links).
FILES = (*(t.name for t in TABLES), BASEMAP_FILE)
