// Renders the management e-mails from the example views and screenshots each
// with headless Chromium, for review in docs/. Run: npx tsx scripts/render-mail-screenshots.ts
// Needs `chromium` on the PATH (Debian: apt-get install -y chromium), or CHROMIUM=/path/to/it.
//
// The HTML files go to a temporary directory (printed at the end); the PNGs
// to docs/. Each mail gets a window tall enough for the whole message.

import { screenshotHtml, type Shot } from './html-screenshots.js';
import { renderDigestMail } from '../functions/mail/digest.js';
import { renderEscalationMail } from '../functions/mail/escalation.js';
import { azureVoucher, esportOutcome, followUpRequest, portfolioDigest, recruitmentEscalation, smvDigitalOutcome } from '../test/support/mail-examples.js';
import { renderFollowUpRequestMail } from '../functions/mail/follow-up-request.js';
import { renderOutcomeMail } from '../functions/mail/outcome.js';
import { renderVoucherMail } from '../functions/mail/voucher.js';

const WIDTH = 900;

const shots: Shot[] = [
  { name: 'mail-outcome-da', html: renderOutcomeMail(esportOutcome('da')).html, height: 2520 },
  { name: 'mail-outcome-en', html: renderOutcomeMail(esportOutcome('en')).html, height: 2520 },
  { name: 'mail-outcome-override-da', html: renderOutcomeMail(smvDigitalOutcome('da')).html, height: 2400 },
  { name: 'mail-escalation-da', html: renderEscalationMail(recruitmentEscalation('da')).html, height: 900 },
  { name: 'mail-digest-da', html: renderDigestMail(portfolioDigest('da')).html, height: 1300 },
  { name: 'mail-follow-up-request-da', html: renderFollowUpRequestMail(followUpRequest('da', 1)).html, height: 960 },
  { name: 'mail-voucher-da', html: renderVoucherMail(azureVoucher('da')).html, height: 1040 },
];

screenshotHtml(shots, WIDTH);
