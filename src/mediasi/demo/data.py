"""The demo's people and places (Polres Malang, Jawa Timur). Fictional people, real place names."""

from __future__ import annotations

DEMO_PASSWORD = "mediasi-demo"  # noqa: S105 - demo data only, printed in the README

POLDA = ("JATIM", "Polda Jawa Timur")
POLRES = ("MALANG", "Polres Malang")
POLSEK = {
    "KEPANJEN": ("Polsek Kepanjen", ["Ngadilangkung", "Jatirejoyoso", "Talangagung", "Sengguruh"]),
    "PAKISAJI": ("Polsek Pakisaji", ["Karangpandan", "Kendalpayak", "Wadung"]),
    "SUMBERPUCUNG": ("Polsek Sumberpucung", ["Karangkates", "Ngebruk", "Senggreng"]),
}

# username, full name, rank, role, area code (Polsek/Polres), desa held (officers)
USERS = [
    (
        "petugas",
        "Bripka Agus Setiawan",
        "Bripka",
        "officer",
        "KEPANJEN",
        ["Ngadilangkung", "Jatirejoyoso"],
    ),
    (
        "petugas2",
        "Brigpol Dwi Rahayu",
        "Brigpol",
        "officer",
        "KEPANJEN",
        ["Talangagung", "Sengguruh"],
    ),
    (
        "petugas3",
        "Aipda Bambang Suprapto",
        "Aipda",
        "officer",
        "PAKISAJI",
        ["Karangpandan", "Kendalpayak", "Wadung"],
    ),
    (
        "petugas4",
        "Bripka Eko Prasetyo",
        "Bripka",
        "officer",
        "SUMBERPUCUNG",
        ["Karangkates", "Ngebruk", "Senggreng"],
    ),
    ("pengawas", "AKP Hendra Wijaya (Kapolsek Kepanjen)", "AKP", "supervisor", "KEPANJEN", []),
    ("pengawas2", "Iptu Sri Wahyuni (Kapolsek Pakisaji)", "Iptu", "supervisor", "PAKISAJI", []),
    ("kasatbinmas", "AKP Joko Susilo (Kasat Binmas)", "AKP", "supervisor", "MALANG", []),
    ("admin", "Admin Polres Malang", None, "admin", "MALANG", []),
]

# name, kind, title, desa, username (one tokoh logs in)
TOKOH = [
    ("KH. Abdul Rohman", "agama", "Imam Masjid Al-Ikhlas", "Ngadilangkung", "tokoh"),
    ("Pak Suwarno", "kepala_desa", "Kepala Desa Ngadilangkung", "Ngadilangkung", None),
    ("Bu Siti Aminah", "perempuan", "Ketua PKK", "Ngebruk", None),
    ("Pak Slamet Riyadi", "rt_rw", "Ketua RW 03", "Jatirejoyoso", None),
    ("Ust. Mahfud", "agama", "Pengasuh TPQ", "Jatirejoyoso", None),
    ("Mbah Karto", "adat", "Sesepuh desa", "Talangagung", None),
    ("Pak Hartono", "kepala_desa", "Kepala Desa Sengguruh", "Sengguruh", None),
    ("Mas Rizal", "pemuda", "Ketua Karang Taruna", "Karangpandan", None),
    ("Pak Sutrisno", "linmas", "Kasatlinmas", "Kendalpayak", None),
    ("Pdt. Yohanes", "agama", "Pendeta GKJW", "Wadung", None),
    ("Pak Gunawan", "rt_rw", "Ketua RT 02", "Karangkates", None),
    ("Bu Endang", "masyarakat", "Tokoh masyarakat", "Senggreng", None),
]

FIRST_NAMES = [
    "Darto",
    "Slamet",
    "Sumarni",
    "Wahyu",
    "Rina",
    "Budi",
    "Suparmi",
    "Yanto",
    "Lestari",
    "Joko",
    "Sri",
    "Agus",
    "Tutik",
    "Heru",
    "Ningsih",
    "Supri",
    "Wati",
    "Bagus",
    "Yuli",
    "Paijo",
]
FAMILY_NAMES = [
    "Santoso",
    "Wibowo",
    "Susanti",
    "Purnomo",
    "Handayani",
    "Kurniawan",
    "Rahmawati",
    "Saputra",
]

SENGKETA_TITLES = {
    "batas_tanah": "Sengketa batas sawah antara {a} dan {b}",
    "utang_piutang": "Utang Rp {amount} belum dibayar oleh {b}",
    "perkelahian": "Perkelahian pemuda saat acara hajatan ({a} vs {b})",
    "kebisingan": "Keluhan suara sound system malam hari dari rumah {b}",
    "pencurian_ringan": "Hilangnya ayam milik {a}, diduga diambil {b}",
    "keluarga": "Perselisihan keluarga {a} dengan {b}",
    "warisan": "Pembagian warisan tanah keluarga {a}",
    "ternak_tanaman": "Kambing milik {b} merusak tanaman jagung {a}",
}
PENGADUAN_TITLES = {
    "ketertiban": "Balap liar di jalan desa setiap malam Minggu",
    "keamanan_lingkungan": "Pos ronda RT 04 tidak aktif, warga minta patroli",
    "kenakalan_remaja": "Remaja nongkrong dan minum di makam desa",
    "miras_narkoba": "Dugaan penjualan miras oplosan di warung",
    "lainnya": "Lampu jalan padam, rawan pencurian",
}
RJ_TITLES = {
    "pencurian": "Sepeda milik {a} diambil {b} dari halaman rumah",
    "penganiayaan_ringan": "{b} memukul {a} saat cekcok di warung",
    "penggelapan": "Ponsel yang dipinjam {b} dari {a} tidak dikembalikan",
    "penipuan": "{b} menjual pupuk palsu kepada {a}",
    "perusakan": "Pagar rumah {a} dirusak {b}",
    "penghinaan": "{b} menghina {a} di grup WhatsApp RT",
}
