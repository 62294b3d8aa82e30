"""What each figure of the statistics page counts, in the words its reader gets one click
away: the name of the figure and its definition, kept together so page, API and a printed
pack say the same."""

from __future__ import annotations

from dataclasses import dataclass

from mediasi.i18n import Message, _


@dataclass(frozen=True)
class Definition:
    label: Message
    meaning: Message


DEFINITIONS: dict[str, Definition] = {
    "reports_officer": Definition(
        _("Laporan diterima petugas"),
        _(
            "Laporan yang dicatat petugas (datang ke pos, lewat telepon, atau saat sambang) dalam"
            " periode ini, menurut tanggal diterima."
        ),
    ),
    "reports_public": Definition(
        _("Laporan masuk lewat layanan publik"),
        _(
            "Laporan yang dikirim warga sendiri lewat formulir publik atau API dalam periode ini,"
            " menurut tanggal dikirim."
        ),
    ),
    "opened": Definition(
        _("Perkara dibuka"),
        _("Perkara yang tercatat (peristiwa pertamanya) dalam periode ini."),
    ),
    "closed": Definition(
        _("Perkara ditutup"),
        _(
            "Perkara yang masuk ke status akhir dalam periode ini, menurut hasil yang ditetapkan "
            "berkas alur kerja untuk status itu."
        ),
    ),
    "resolution_rate": Definition(
        _("Tingkat penyelesaian damai"),
        _(
            "Perkara yang ditutup selesai damai dibagi semua perkara yang ditutup dalam periode "
            "ini."
        ),
    ),
    "escalation_rate": Definition(
        _("Tingkat eskalasi"),
        _(
            "Dari perkara yang ditutup dalam periode ini, bagian yang pernah dieskalasi ke "
            "pengawas (masuk ke status tinjauan pengawas, selain persetujuan penyelesaian "
            "keadilan restoratif)."
        ),
    ),
    "returned_share": Definition(
        _("Eskalasi dikembalikan pengawas"),
        _(
            "Dari keputusan pengawas atas eskalasi dalam periode ini, bagian yang mengembalikan "
            "perkara ke petugas (bukan menutupnya)."
        ),
    ),
    "agreement_days": Definition(
        _("Hari dari laporan sampai kesepakatan"),
        _(
            "Untuk setiap kesepakatan damai yang dicatat dalam periode ini: hari sejak perkaranya"
            " dilaporkan. Median (separuh lebih cepat) dan persentil ke-90 (sembilan dari sepuluh"
            " lebih cepat)."
        ),
    ),
    "state_days": Definition(
        _("Hari di setiap status"),
        _(
            "Rata-rata lama perkara berada di suatu status, dihitung dari masa tinggal yang "
            "berakhir dalam periode ini. Waktu tenggat dijeda tidak dihitung; jumlahnya "
            "ditampilkan tersendiri sebagai waktu jeda."
        ),
    ),
    "deadlines_met": Definition(
        _("Tenggat status terpenuhi"),
        _(
            "Dari masa tinggal di status bertenggat yang berakhir dalam periode ini, bagian yang "
            "selesai sebelum pemindai tenggat menandainya terlewat atau memindahkannya otomatis."
        ),
    ),
    "overdue_now": Definition(
        _("Perkara lewat tenggat saat ini"),
        _(
            "Perkara yang belum selesai dan tenggat statusnya sudah lewat, saat halaman ini "
            "dibuka (tidak bergantung pada periode)."
        ),
    ),
    "obligations": Definition(
        _("Kewajiban kesepakatan"),
        _(
            "Kewajiban dalam kesepakatan yang sudah ditandatangani dan jatuh tempo dalam periode "
            "ini: ditepati, dilanggar, atau masih berjalan."
        ),
    ),
    "officers": Definition(
        _("Per petugas"),
        _(
            "Perkara yang ditangani (ada kegiatan dalam periode), diselesaikan damai dalam "
            "periode, lewat tenggat saat ini, dan sesi mediasi yang diadakan dalam periode, untuk"
            " perkara yang ditugaskan kepada petugas itu."
        ),
    ),
    "forum_held": Definition(
        _("Kegiatan forum terlaksana"),
        _(
            "Kegiatan forum kemitraan (FKPM) di wilayah ini yang sudah dicatat terlaksana dan "
            "waktunya jatuh dalam periode ini, menurut jenisnya."
        ),
    ),
    "forum_attendance": Definition(
        _("Kehadiran di kegiatan forum"),
        _("Anggota forum yang tercatat hadir, dan jumlah warga yang hadir, di kegiatan itu."),
    ),
    "forum_raised": Definition(
        _("Aspirasi dan keluhan di forum"),
        _(
            "Aspirasi dan keluhan yang dicatat di kegiatan forum dalam periode ini, dan berapa di "
            "antaranya yang sekarang sudah tuntas (selesai ditindaklanjuti atau menjadi perkara)."
        ),
    ),
    "forum_cases": Definition(
        _("Perkara yang berawal dari forum"),
        _("Aspirasi atau keluhan forum yang dijadikan perkara dalam periode ini."),
    ),
    "months": Definition(
        _("Dua belas bulan terakhir"),
        _(
            "Perkara dibuka, ditutup, dan selesai damai per bulan, sampai bulan akhir periode, "
            "dengan perubahan dari bulan sebelumnya."
        ),
    ),
}

OUTCOME_LABELS: dict[str, Message] = {
    "settled": _("Selesai damai"),
    "referred": _("Dilimpahkan"),
    "withdrawn": _("Dicabut"),
    "resolved": _("Pengaduan selesai"),
    "forwarded": _("Diteruskan ke instansi lain"),
    "rejected": _("Ditolak"),
}

OBLIGATION_LABELS: dict[str, Message] = {
    "kept": _("Ditepati"),
    "broken": _("Dilanggar"),
    "open": _("Masih berjalan"),
}
