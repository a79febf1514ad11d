import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

type Asset = { body: Buffer; type: string; cache: string; headers?: Record<string, string> };

// The page runs only its own scripts and talks only to reporting; ECharts sets inline styles.
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The page's own files change with reporting; ECharts only with its version in package.json.
const OWN = 'no-cache';
const VENDOR = 'public, max-age=86400';

const own = (file: string, type: string): Asset => ({
  body: readFileSync(join(__dirname, 'page', file)),
  type,
  cache: OWN,
});

/**
 * The dashboard page and its static files, read once at start-up. They hold no data: the page
 * asks for the admin token and sends it on its calls to the /v1/dashboard and /v1/exports API,
 * so the page itself is public.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  private readonly page: Asset = {
    ...own('index.html', 'text/html; charset=utf-8'),
    headers: { 'content-security-policy': PAGE_POLICY },
  };
  private readonly script = own('dashboard.js', 'text/javascript; charset=utf-8');
  private readonly labels = own('labels.js', 'text/javascript; charset=utf-8');
  private readonly styles = own('dashboard.css', 'text/css; charset=utf-8');
  private readonly echarts: Asset = {
    body: readFileSync(require.resolve('echarts/dist/echarts.min.js')),
    type: 'text/javascript; charset=utf-8',
    cache: VENDOR,
  };

  @Get()
  index(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, this.page);
  }

  @Get('dashboard.js')
  dashboardScript(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, this.script);
  }

  @Get('labels.js')
  labelsScript(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, this.labels);
  }

  @Get('dashboard.css')
  stylesheet(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, this.styles);
  }

  @Get('echarts.min.js')
  echartsScript(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, this.echarts);
  }
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply
    .type(asset.type)
    .header('cache-control', asset.cache)
    .header('x-content-type-options', 'nosniff')
    .headers(asset.headers ?? {})
    .send(asset.body);
}
