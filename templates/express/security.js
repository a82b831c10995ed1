'use strict';

const helmet = require('helmet');

// Security headers and the HTTPS switch. SECURE=1 once the site is served
// over HTTPS: plain HTTP then redirects (except /health, for load balancers)
// and responses carry HSTS.

function enabled(value) {
  return ['1', 'true', 'yes', 'on'].includes(String(value).trim().toLowerCase());
}

function securityHeaders({ secure }) {
  return helmet({
    contentSecurityPolicy: {
      // The pages may load scripts, styles and images from this site only,
      // no inline script, and may not be framed.
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

function redirectToHttps(req, res, next) {
  if (req.secure || req.path === '/health') {
    next();
    return;
  }
  res.redirect(301, `https://${req.headers.host}${req.originalUrl}`);
}

module.exports = { enabled, securityHeaders, redirectToHttps };
