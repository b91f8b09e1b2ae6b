"""The crawler's one spider: :class:`crawler.spiders.registers.RegistersSpider`."""
