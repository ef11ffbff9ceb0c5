"""Small files built by hand in each real export layout, with the quirks real exports have.

Nothing here is copied from a public dataset: every row is made up to show one quirk.
"""

from __future__ import annotations

BOM = "\ufeff"


def crlf(text: str) -> bytes:
    """Text as Windows exports write it: a byte-order mark and CRLF line ends."""
    return (BOM + text.replace("\n", "\r\n")).encode("utf-8")


# YouTube Studio → Advanced mode → Content → Export: Total row, dates only, private videos
# without a publish time, negative net subscribers, a Short viewed 142 % on average.
STUDIO = crlf(
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Average percentage viewed (%),Likes\n"
    "Total,,,,2381,80.5,3,,\n"
    'dQw4w9WgXcQ,How I plan a week of videos,"Apr 29, 2020",612,1500,60.2,7,41.5,90\n'
    ' -a1B2c3D4e,My desk setup #shorts,"May 3, 2020",38,800,10.1,-2,142.3,Hidden\n'
    "privAte0001,Draft: unpublished cut,,300,81,4.2,0,35.0,2\n"
)

# videos.list flattened to CSV: ISO-8601 durations, a live stream (P0D), hidden views (likes but
# 0 views), a description with a newline inside quotes, UTC timestamps written with +00.
API = crlf(
    "video_id,channelTitle,title,description,publishedAt,duration,viewCount,likeCount,"
    "commentCount\n"
    'vid00000001,Mia Cooks,Sourdough for beginners,"Line one\nline two",2024-05-03T17:30:00Z,'
    "PT4M13S,12000,640,31\n"
    "vid00000002,Mia Cooks,Live: Q&A,,2024-05-04 18:00:00+00,P0D,900,50,12\n"
    "vid00000003,Mia Cooks,Fresh upload,,2024-05-05T09:00:00.000Z,PT11M,0,105,4\n"
)

# The third-party TikTok scrapers' layout: abbreviated counts, mm:ss durations, hashtags.
TIKTOK_SCRAPER = crlf(
    "vid_id,vid_caption,vid_postTime,vid_duration,vid_nview,vid_nlike,vid_ncomment,vid_nshare,"
    "vid_nsave,vid_hashtags\n"
    "7234567890123456789,Packing hack ✈️ #travel #packing,2024-04-02 17:30:00,00:34,1.6M,"
    "213.1K,1.2K,5.2K,31K,#travel #packing\n"
    "7234567890123456790,Day in Lisbon,2024-04-05 09:15:00,03:12,88.4K,6.1K,311,201,1.1K,"
    "#lisbon\n"
)

# A spreadsheet opened and saved the same table: ids in scientific notation.
TIKTOK_EXCEL = crlf(
    "vid_id,vid_caption,vid_postTime,vid_duration,vid_nview,vid_nlike\n"
    "7.23457E+18,Packing hack,2024-04-02 17:30:00,00:34,1.6M,213.1K\n"
)

# An Instagram Graph API pull saved by a popular script: no views column, published_at.
INSTAGRAM_PULL = crlf(
    "id,caption,media_type,published_at,reach,likes,comments,saves,shares,engagements\n"
    "17890000000000001,Morning light over the harbour,IMAGE,2024-05-03T07:00:00+0000,4100,"
    "380,12,40,9,441\n"
    '17890000000000002,"Three ways to fold a shirt\nsave this!",VIDEO,'
    "2024-05-04T19:30:00+0000,12500,990,40,310,77,1417\n"
    "17890000000000003,,CAROUSEL_ALBUM,2024-05-06T12:00:00+0000,3300,250,5,61,3,319\n"
)


def several_accounts(rows_per_account: dict[str, int]) -> bytes:
    """A generic table whose ``channel`` column names several accounts."""
    lines = ["platform,channel,platform_id,title,published_at,views,likes"]
    n = 0
    for account, rows in rows_per_account.items():
        for _ in range(rows):
            n += 1
            lines.append(
                f"youtube,{account},v{n:05d},Video {n},2024-05-{n % 27 + 1:02d},{n * 10},1"
            )
    return crlf("\n".join(lines) + "\n")
