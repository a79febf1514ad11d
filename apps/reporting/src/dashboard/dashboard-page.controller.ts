import { Controller, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { Endpoint } from '@omni/platform';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pageAssets, type Asset } from './page-assets';

/**
 * The dashboard page and its static files, read once at start-up. They hold no data: the page
 * asks for the admin token and sends it on its calls to the /v1/dashboard and /v1/exports API,
 * so the page itself is public (its first view, charts drawn on the server, comes from
 * GET /v1/dashboard/charts). Each file carries a strong ETag and a conditional GET answers
 * 304; ECharts is served under its content hash and cached for good (ADR 0022).
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  private readonly assets = pageAssets();

  @Endpoint('GET')
  index(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    return send(reply, this.asset('index.html'), ifNoneMatch);
  }

  /** data.js, dashboard.js, charts.js, labels.js, dashboard.css, ECharts by its hashed name, and echarts.min.js. */
  @Endpoint('GET :file')
  file(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    return send(reply, this.asset(file), ifNoneMatch);
  }

  private asset(file: string): Asset {
    const asset = this.assets.get(file);
    if (asset === undefined) throw new NotFoundException(`no dashboard file ${file}`);
    return asset;
  }
}

function send(reply: FastifyReply, asset: Asset, ifNoneMatch: string | undefined): FastifyReply {
  reply
    .header('etag', asset.etag)
    .header('cache-control', asset.cache)
    .header('x-content-type-options', 'nosniff')
    .headers(asset.headers);
  if (matches(ifNoneMatch, asset.etag)) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

/** RFC 9110's weak comparison, as If-None-Match uses it: a list of tags, or `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
