"""Scrapy settings of the register checker (docs/design.md, "Request policy").

Loaded by :mod:`crawler.runner` with ``Settings.setmodule``. The one declaration of the request
policy's defaults: ``crawler.runner.CrawlOptions`` and the command line's defaults and help texts
read them from here, and the command line overrides them per run. Only what the checker needs is enabled: no
cookies, no robots.txt (one request per URL per run, like a person following a link), no
telnet console, no HTTP cache.
"""

import select

from registry.project import REPOSITORY_URL

BOT_NAME = "open-registers-directory"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = f"OpenRegistersDirectory-LinkCheck/0.1 (+{REPOSITORY_URL}; checks that public register pages are online)"
# Sent by the spider with each request (Scrapy's DefaultHeadersMiddleware is off: one middleware less).
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en;q=0.8, *;q=0.5",
}

ROBOTSTXT_OBEY = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 would otherwise listen on a local port
HTTPCACHE_ENABLED = False
LOG_ENABLED = True
LOG_LEVEL = "ERROR"
STATS_DUMP = False
LOGSTATS_INTERVAL = 0

# Politeness and speed: at most 2 requests at once per host (Scrapy's slots are per host
# name), many hosts in parallel, no artificial delay.
CONCURRENT_REQUESTS = 256
WARN_ON_GENERATOR_RETURN_VALUE = False  # Scrapy would parse the callbacks' source on every call
CONCURRENT_ITEMS = 1  # one result per response: no need for 100 parallel item tasks per callback
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
REACTOR_THREADPOOL_MAXSIZE = 20
# The epoll (or poll) reactor: a third less CPU per request than the asyncio one (see the benchmark).
TWISTED_REACTOR = (
    "twisted.internet.epollreactor.EPollReactor"
    if hasattr(select, "epoll")
    else "twisted.internet.pollreactor.PollReactor"
)
TWISTED_DNS_RESOLVER = "crawler.resolver.CheckingResolver"
DNS_TIMEOUT = 10

DOWNLOAD_TIMEOUT = 30
# The body limit is CRAWLER_MAX_BODY (StopDownload); this only stops compression bombs: it is the
# limit on a decompressed body. A declared Content-Length above it does not cancel the download
# (DeclaredSizeMiddleware): such a page is read like any other, up to CRAWLER_MAX_BODY.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
DOWNLOAD_FAIL_ON_DATALOSS = False
CRAWLER_MAX_BODY = 256 * 1024

# TLS: verify certificates (Scrapy's default does not).
DOWNLOAD_VERIFY_CERTIFICATES = True

# Every status reaches the spider, and redirects are still followed (the handle_httpstatus_all
# meta key would silently stop them; this setting does not).
HTTPERROR_ALLOW_ALL = True
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 10
METAREFRESH_ENABLED = True
METAREFRESH_MAXDELAY = 30

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
CRAWLER_RETRY_BACKOFF = 2.0  # seconds before the first retry; doubled for the second
CRAWLER_RETRY_AFTER_MAX = 120.0  # a longer Retry-After is not waited for
CRAWLER_ALLOW_LOOPBACK = False
CRAWLER_DEADLINE = 900.0  # seconds per pass; CLOSESPIDER_TIMEOUT is derived from it
CRAWLER_RECHECK_DELAY = 0.0  # seconds before the second pass over failures (the weekly run uses 600)

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.AddressGuardMiddleware": 595,
    "crawler.middlewares.DeclaredSizeMiddleware": 990,  # closest to the downloader: see its docstring
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": None,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
}
# No spider middleware is needed (HTTPERROR_ALLOW_ALL, no Referer, no depth or offsite rules),
# and each one wraps every callback's output: off, for speed.
SPIDER_MIDDLEWARES_BASE: dict[str, int] = {}
REFERER_ENABLED = False
STATS_CLASS = "scrapy.statscollectors.DummyStatsCollector"
EXTENSIONS_BASE = {"scrapy.extensions.closespider.CloseSpider": 0}
EXTENSIONS = {"crawler.extensions.BodyLimit": 100}
ITEM_PIPELINES = {"crawler.pipelines.CollectResults": 100}
