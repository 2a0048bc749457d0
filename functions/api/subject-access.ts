import { figuresOnlyRefusal, seesPersonalData } from '../domain/access.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { htmlPage } from '../http/html-response.js';
import { renderSubjectAccessPage } from '../http/subject-access-page.js';
import { reply } from '../http/reply.js';
import { SubjectAccessSchema } from '../contracts/privacy.js';
import { subjectAccessExport } from '../services/subject-access.js';

/**
 * POST /subject-access { reference, format?, language? }: everything held
 * about one citizen across all pilots (GDPR art. 15), as JSON or as a page to
 * print. The reference is in the body because URLs are logged. The export is
 * itself a read of personal data: one access entry per pilot it found.
 */
export const handler = apiHandler('read', async (event, { store, actor, accessed }) => {
  const request = parseInput(SubjectAccessSchema, jsonBody(event));
  // An admin, or the team of a pilot that holds the person: they answer the citizen's request, for every pilot.
  const data = await subjectAccessExport(store, request.reference, (pilots) => {
    if (pilots.length > 0 && !pilots.some((pilot) => seesPersonalData(actor, pilot))) throw figuresOnlyRefusal(actor);
  });
  for (const s of data.pilots) accessed([s.participantId], s.pilot.id);
  return request.format === 'html' ? htmlPage(200, renderSubjectAccessPage(data, request.language)) : reply('POST /subject-access', 200, data);
});
