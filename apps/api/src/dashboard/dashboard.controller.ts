import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Public } from '../auth/public.decorator';
import { findDashboardDir } from './dashboard-files';

// Everything the page loads is served from here: no CDN, so it works offline. ECharts and Lit set inline styles.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** What the controller uses of express's response (express 5 ships no types here). */
type FileResponse = ServerResponse & {
  sendFile(
    path: string,
    options: { root: string; dotfiles: 'deny' },
    done: (error?: Error & { status?: number }) => void,
  ): void;
};

/**
 * The dashboard's static files (public: the page signs in with an API key and calls the query API with it).
 * `/` is the page; `/assets/*` its hashed bundles, cached for a year.
 */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardController {
  private readonly root = findDashboardDir();

  @Get()
  index(@Res() res: FileResponse): void {
    res.setHeader('Cache-Control', 'no-cache');
    this.send('index.html', res);
  }

  @Get('assets/*path')
  asset(@Req() req: IncomingMessage & { path: string }, @Res() res: FileResponse): void {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    this.send(decodeURIComponent(req.path).replace(/^\/+/, ''), res);
  }

  private send(file: string, res: FileResponse): void {
    if (!this.root) throw new NotFoundException('O painel não foi gerado: execute `npm run build`.');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // `root` confines the path to the build directory (".." and dotfiles are refused by `send`).
    res.sendFile(file, { root: this.root, dotfiles: 'deny' }, (error) => {
      if (!error || res.headersSent) return;
      res.statusCode = error.status ?? 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
    });
  }
}
