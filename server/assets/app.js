// eBlomlådan pages: one ES module, no inline script, every text from a user or a catalogue set
// with textContent (never parsed as HTML). Swedish and English.

const T = {
  sv: {
    skip: 'Hoppa till innehållet', nav: 'Huvudmeny', home: 'Mina skattningar', national: 'Nationell sammanställning',
    admin: 'Administration', signOut: 'Logga ut', signIn: 'Logga in', user: 'Användarnamn', password: 'Lösenord',
    lang: 'English', assessments: 'Mina skattningar', none: 'Inga skattningar ännu.', create: 'Ny skattning',
    municipality: 'Kommun (kod)', year: 'År', catalogue: 'Katalog', requestTitle: 'Begär kommunbehörighet',
    reason: 'Dina uppgifter i kommunen', send: 'Skicka', sent: 'Begäran skickad.', saved: 'Sparat', conflict: 'Någon annan ändrade svaret; det aktuella svaret visas.',
    indicator: 'Indikator', answer: 'Svar', comment: 'Kommentar', fully: 'Uppfyllt', partly: 'Delvis', not_met: 'Ej uppfyllt',
    unanswered: '– ej besvarat –', picture: 'Svara i bilden', pictureHint: 'Klicka på en blomma, gräset eller jorden för att svara; varje svar sparas direkt.', myAnswers: 'Mina svar', inScope: 'inom ditt uppdrag', team: 'Arbetsgruppen',
    respondent: 'Svarande', department: 'Förvaltning', progress: 'Besvarade', disagreements: 'Olika svar att besluta',
    noDisagreements: 'Inga öppna oenigheter.', decide: 'Besluta', invite: 'Bjud in', permission: 'Behörighet',
    edit: 'Redigera', view: 'Endast läsa', scopeAreas: 'Områden', scopeLevels: 'Nivåer', label: 'Etikett',
    link: 'Länk att dela (visas bara nu)', copy: 'Kopiera länk', copied: 'Kopierad', revoke: 'Återkalla',
    invitations: 'Inbjudningar', expires: 'Går ut', revoked: 'återkallad', publish: 'Publicera',
    publications: 'Publiceringar', version: 'Version', withdraw: 'Dra tillbaka', withdrawn: 'tillbakadragen',
    changed: 'Uppdaterat: andra har ändrat svar.', acceptTitle: 'Inbjudan till eBlomlådan', name: 'Ditt namn',
    acceptGo: 'Börja svara', nationalTitle: 'Nationell sammanställning', county: 'Län', count: 'Antal',
    top: 'Högst andel uppfyllt (topp 10)', bottom: 'Lägst andel uppfyllt (botten 10)', share: 'Andel uppfyllt',
    own: 'Egen kommun mot riket och länet', nation: 'Riket', score: 'Poäng', csv: 'Ladda ner CSV', xlsx: 'Ladda ner Excel',
    synthetic: 'Innehåller syntetiska (påhittade) demoskattningar, inte verkliga kommuners svar.',
    mustPublish: 'Du ser sammanställningen och andra kommuners resultat först när din kommun har publicerat.',
    requests: 'Begäranden om kommunbehörighet', grant: 'Bevilja', newUser: 'Nytt konto', adminFlag: 'Administratör',
    created: 'Skapat.', merged: 'Sammanvägd skattning', viewOnly: 'Du kan läsa men inte svara.', error: 'Fel',
    allYears: 'alla år', who: 'Vem svarade vad', indicatorsAnswered: 'indikatorer med svar', open: 'öppen', sso: 'Logga in med kommunens inloggning (SSO)', show: 'Visa', municipalities: 'Publicerade kommuner', yes: 'ja',
  },
  en: {
    skip: 'Skip to content', nav: 'Main menu', home: 'My assessments', national: 'National compilation',
    admin: 'Administration', signOut: 'Sign out', signIn: 'Sign in', user: 'User name', password: 'Password',
    lang: 'Svenska', assessments: 'My assessments', none: 'No assessments yet.', create: 'New assessment',
    municipality: 'Municipality (code)', year: 'Year', catalogue: 'Catalogue', requestTitle: 'Request municipality authority',
    reason: 'Your duties in the municipality', send: 'Send', sent: 'Request sent.', saved: 'Saved', conflict: 'Someone else changed the answer; the current one is shown.',
    indicator: 'Indicator', answer: 'Answer', comment: 'Comment', fully: 'Fully', partly: 'Partly', not_met: 'Not met',
    unanswered: '– not answered –', picture: 'Answer in the picture', pictureHint: 'Click a flower, the grass or the soil to answer; every answer is saved at once.', myAnswers: 'My answers', inScope: 'within your assignment', team: 'The team',
    respondent: 'Respondent', department: 'Department', progress: 'Answered', disagreements: 'Disagreements to decide',
    noDisagreements: 'No open disagreements.', decide: 'Decide', invite: 'Invite', permission: 'Permission',
    edit: 'Edit', view: 'View only', scopeAreas: 'Areas', scopeLevels: 'Levels', label: 'Label',
    link: 'Link to share (shown only now)', copy: 'Copy link', copied: 'Copied', revoke: 'Revoke',
    invitations: 'Invitations', expires: 'Expires', revoked: 'revoked', publish: 'Publish',
    publications: 'Publications', version: 'Version', withdraw: 'Withdraw', withdrawn: 'withdrawn',
    changed: 'Updated: others changed answers.', acceptTitle: 'Invitation to eBlomlådan', name: 'Your name',
    acceptGo: 'Start answering', nationalTitle: 'National compilation', county: 'County', count: 'Count',
    top: 'Highest share fully met (top 10)', bottom: 'Lowest share fully met (bottom 10)', share: 'Share fully met',
    own: 'Own municipality against the nation and the county', nation: 'Nation', score: 'Points', csv: 'Download CSV', xlsx: 'Download Excel',
    synthetic: 'Contains synthetic (invented) demo assessments, not real municipalities\' answers.',
    mustPublish: 'You see the compilation and other municipalities\' results once your municipality has published.',
    requests: 'Requests for municipality authority', grant: 'Grant', newUser: 'New account', adminFlag: 'Administrator',
    created: 'Created.', merged: 'Merged assessment', viewOnly: 'You can read but not answer.', error: 'Error',
    allYears: 'all years', who: 'Who answered what', indicatorsAnswered: 'indicators with answers', open: 'open', sso: 'Sign in with the municipality\'s single sign-on', show: 'Show', municipalities: 'Published municipalities', yes: 'yes',
  },
};

let lang = localStorage.getItem('eblom-lang') === 'en' ? 'en' : 'sv';
const t = (k) => T[lang][k] ?? k;
let me = null;
let catalogue = null;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function status(text, isError = false) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = isError ? 'error' : '';
}

async function api(method, path, body, headers = {}) {
  const h = { ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (method !== 'GET' && me?.csrf) h['x-csrf-token'] = me.csrf;
  const r = await fetch(`/api/v1/${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { ok: r.ok, status: r.status, data };
}

function problemText(data) {
  if (!data || typeof data !== 'object') return t('error');
  const first = data.problems?.[0];
  return first ? `${data.detail ?? data.title} (${first.path}: ${first.message})` : (data.detail ?? data.title ?? t('error'));
}

function field(label, input) {
  const id = `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return el('p', { class: 'field' }, el('label', { for: id }, label), input);
}

function answerLabel(a) { return a ? t(a) : t('unanswered'); }

async function loadMe() {
  const r = await api('GET', 'session');
  me = r.ok ? r.data : null;
}

function nav() {
  const n = document.getElementById('nav');
  n.replaceChildren();
  n.setAttribute('aria-label', t('nav'));
  document.querySelector('.skip').textContent = t('skip');
  const links = [];
  if (me?.user) links.push(el('a', { href: '/' }, t('home')), el('a', { href: '/national' }, t('national')));
  if (me?.admin) links.push(el('a', { href: '/admin' }, t('admin')));
  links.push(el('button', { type: 'button', onclick: () => { lang = lang === 'sv' ? 'en' : 'sv'; localStorage.setItem('eblom-lang', lang); route(); } }, t('lang')));
  if (me) links.push(el('button', { type: 'button', onclick: async () => { await api('DELETE', 'session'); me = null; location.href = '/'; } }, t('signOut')));
  n.append(...links);
}

function view(...children) {
  const v = document.getElementById('view');
  v.replaceChildren(...children);
}

// ---- sign in -------------------------------------------------------------------------------

function signInPage() {
  const user = el('input', { name: 'user', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { onsubmit: async (e) => {
    e.preventDefault();
    const r = await api('POST', 'session', { user: user.value, password: password.value });
    if (!r.ok) { status(problemText(r.data), true); return; }
    me = r.data;
    route();
  } }, field(t('user'), user), field(t('password'), password), el('button', { type: 'submit' }, t('signIn')));
  const sso = el('button', { type: 'button', onclick: async () => {
    const r = await api('POST', 'session/sso', {});
    if (!r.ok) { status(problemText(r.data), true); return; }
    me = r.data;
    route();
  } }, t('sso'));
  view(el('h2', {}, t('signIn')), form, el('p', {}, sso));
}

// ---- my assessments --------------------------------------------------------------------------

async function homePage() {
  if (me?.respondent) { location.href = `/assessment?id=${me.respondent.assessment_id}`; return; }
  const r = await api('GET', 'assessments');
  const list = r.ok && r.data.length
    ? el('ul', {}, r.data.map((a) => el('li', {}, el('a', { href: `/assessment?id=${a.id}` }, `${a.municipality} · ${a.year} · ${a.catalogue}`))))
    : el('p', {}, t('none'));
  const parts = [el('h2', {}, t('assessments')), list];
  if (me.authorities.length) {
    const m = el('select', {}, me.authorities.map((c) => el('option', { value: c }, c)));
    const y = el('input', { type: 'number', value: new Date().getFullYear(), min: 1900, max: 2200, required: true });
    parts.push(el('h2', {}, t('create')), el('form', { onsubmit: async (e) => {
      e.preventDefault();
      const c = await api('POST', 'assessments', { municipality: m.value, year: Number(y.value) });
      if (!c.ok) { status(problemText(c.data), true); return; }
      location.href = `/assessment?id=${c.data.id}`;
    } }, field(t('municipality'), m), field(t('year'), y), el('button', { type: 'submit' }, t('create'))));
  }
  const code = el('input', { inputmode: 'numeric', pattern: '[0-9]{4}', required: true });
  const reason = el('input', { required: true, maxlength: 200 });
  parts.push(el('h2', {}, t('requestTitle')), el('form', { onsubmit: async (e) => {
    e.preventDefault();
    const q = await api('POST', 'authority-requests', { municipality: code.value, reason: reason.value });
    status(q.ok ? t('sent') : problemText(q.data), !q.ok);
  } }, field(t('municipality'), code), field(t('reason'), reason), el('button', { type: 'submit' }, t('send'))));
  view(...parts);
}

// ---- the assessment page -------------------------------------------------------------------

const pkgAvailable = fetch('/pkg/element.js', { method: 'HEAD' }).then((r) => r.ok).catch(() => false);

async function loadCatalogue() {
  if (catalogue) return catalogue;
  // The indicator statements come from the same built-in catalogue the server checks against;
  // the element's package carries it. Without the package, ids are shown.
  if (await pkgAvailable) {
    try {
      const mod = await import('/pkg/index.js');
      await mod.default();
      catalogue = mod.Catalogue.builtin('eblomladan-2016').toJSON();
    } catch { catalogue = null; }
  }
  return catalogue;
}

function statement(id) {
  const ind = catalogue?.indicators?.find((i) => i.id === id);
  return ind ? (ind.text?.[lang] ?? ind.text?.sv ?? id) : id;
}

let poller = null;

async function assessmentPage(refresh = null) {
  const id = Number(new URLSearchParams(location.search).get('id'));
  const r = await api('GET', `assessments/${id}`);
  if (!r.ok) { if (refresh) return false; status(problemText(r.data), true); view(); return; }
  await loadCatalogue();
  const a = r.data;
  const mine = new Map(a.answers.filter((x) => x.respondent_id === a.me).map((x) => [x.indicator, x]));
  const scope = me.respondent?.scope ?? null;
  const inScope = (ind) => !scope || (scope.indicators ?? []).includes(ind.id) || (scope.levels ?? []).includes(ind.level) || (ind.area && (scope.areas ?? []).includes(ind.area));
  const report = a.team.report;
  const indicators = Object.entries(report.indicators).map(([iid, v]) => ({ id: iid, level: v.level, area: v.area, ...v }));
  const authority = a.role === 'authority';
  const parts = [el('h2', {}, `${a.municipality_name ?? a.assessment.municipality} ${a.assessment.year}`)];
  const withElement = await pkgAvailable;
  if (withElement) await import('/pkg/element.js');

  // The element: the merged picture.
  if (withElement) {
    const box = el('eblom-flowerbox', { id: 'merged-box', lang, chart: true });
    box.setAttribute('assessment-json', JSON.stringify(a.team.merged));
    parts.push(el('section', { 'aria-labelledby': 'merged-h' }, el('h3', { id: 'merged-h' }, t('merged')), box));
  }

  // My answers: in the picture (the editable element, my scope) and in a table, both saved on
  // every change with If-Match. Writes of one indicator go one after the other, each based on
  // the revision the previous one returned; a 409 (someone else, or my other tab) takes the
  // stored value and shows it, so nothing acknowledged is overwritten unseen.
  let myBox = null;
  let inFlight = 0;
  if (a.me != null) {
    const own = indicators.filter(inScope);
    const stored = new Map(own.map((ind) => { const cur = mine.get(ind.id); return [ind.id, { answer: cur?.answer ?? null, comment: cur?.comment ?? null, revision: cur?.revision ?? 0 }]; }));
    const wanted = new Map();
    const queues = new Map();
    const rowsById = new Map();
    const myDoc = () => ({
      catalogue: a.team.merged.catalogue, municipality: a.assessment.municipality, year: a.assessment.year,
      answers: Object.fromEntries([...stored].filter(([, x]) => x.answer).map(([iid, x]) => [iid, x.comment ? { answer: x.answer, comment: x.comment } : { answer: x.answer }])),
    });
    const showMine = () => { if (myBox) myBox.setAttribute('assessment-json', JSON.stringify(myDoc())); };
    const showRow = (iid) => {
      const row = rowsById.get(iid); const x = wanted.get(iid) ?? stored.get(iid);
      if (!row || !x) return;
      row.select.value = x.answer ?? '';
      row.comment.value = x.comment ?? '';
    };
    const push = async (iid) => {
      const want = wanted.get(iid); const cur = stored.get(iid);
      if (!want || (want.answer === cur.answer && want.comment === cur.comment)) { wanted.delete(iid); return; }
      const w = await api('PUT', `assessments/${id}/answers/${iid}`, { answer: want.answer, comment: want.comment }, { 'if-match': `"${cur.revision}"` });
      if (w.ok) {
        Object.assign(cur, { answer: want.answer, comment: want.comment, revision: w.data.revision });
        if (wanted.get(iid) === want) wanted.delete(iid);
        status(`${t('saved')}: ${iid}`);
      } else {
        if (w.status === 409) Object.assign(cur, { answer: w.data.current.answer ?? null, comment: w.data.current.comment ?? null, revision: w.data.current_revision });
        wanted.delete(iid);
        status(w.status === 409 ? `${t('conflict')} (${iid})` : problemText(w.data), true);
        showMine();
      }
      showRow(iid);
    };
    const save = (iid, answer, comment) => {
      wanted.set(iid, { answer, comment });
      inFlight += 1;
      const next = (queues.get(iid) ?? Promise.resolve()).then(() => push(iid)).catch((e) => status(String(e), true)).finally(() => { inFlight -= 1; });
      queues.set(iid, next);
      return next;
    };

    if (withElement) {
      myBox = el('eblom-flowerbox', { id: 'my-box', lang, editable: true });
      if (scope) myBox.scope = own.map((ind) => ind.id);
      showMine();
      myBox.addEventListener('change', (e) => {
        let doc;
        try { doc = JSON.parse(e.detail); } catch { return; }
        for (const iid of stored.keys()) {
          const x = doc.answers?.[iid];
          const answer = x?.answer ?? null; const comment = answer ? (x?.comment ?? null) : null;
          const before = wanted.get(iid) ?? stored.get(iid);
          if (answer !== before.answer || comment !== before.comment) { save(iid, answer, comment); showRow(iid); }
        }
      });
      parts.push(el('section', { 'aria-labelledby': 'picture-h' }, el('h3', { id: 'picture-h' }, t('picture'), scope ? ` (${t('inScope')})` : ''),
        el('p', {}, t('pictureHint')), myBox));
    }

    const rows = own.map((ind) => {
      const cur = stored.get(ind.id);
      const select = el('select', { 'aria-label': `${ind.id} ${t('answer')}`, 'data-indicator': ind.id },
        el('option', { value: '' }, t('unanswered')), ['fully', 'partly', 'not_met'].map((v) => el('option', { value: v, selected: cur.answer === v }, t(v))));
      const comment = el('input', { 'aria-label': `${ind.id} ${t('comment')}`, value: cur.comment ?? '', maxlength: 10000 });
      rowsById.set(ind.id, { select, comment });
      const changed = () => { save(ind.id, select.value || null, comment.value || null); showMine(); };
      select.addEventListener('change', changed);
      comment.addEventListener('change', changed);
      return el('tr', {}, el('th', { scope: 'row' }, el('span', { class: 'id' }, ind.id), ' ', statement(ind.id)), el('td', {}, select), el('td', {}, comment));
    });
    parts.push(el('section', { 'aria-labelledby': 'mine-h' }, el('h3', { id: 'mine-h' }, t('myAnswers'), scope ? ` (${t('inScope')})` : ''),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('indicator')), el('th', { scope: 'col' }, t('answer')), el('th', { scope: 'col' }, t('comment')))), el('tbody', {}, rows))));
  } else {
    parts.push(el('p', {}, t('viewOnly')));
  }

  // Who answered what: participation.
  parts.push(el('section', { 'aria-labelledby': 'team-h' }, el('h3', { id: 'team-h' }, t('team')),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('respondent')), el('th', { scope: 'col' }, t('department')), el('th', { scope: 'col' }, t('progress')))),
      el('tbody', {}, report.participation.map((p) => el('tr', {}, el('td', {}, p.name), el('td', {}, p.department ?? ''), el('td', {}, `${p.answered} / ${p.assigned}`)))))));

  // Who answered what, indicator by indicator.
  const answeredBy = Object.entries(report.indicators).filter(([, v]) => v.responses.length);
  parts.push(el('section', { 'aria-labelledby': 'who-h' }, el('h3', { id: 'who-h' }, t('who')),
    el('details', {}, el('summary', {}, `${answeredBy.length} ${t('indicatorsAnswered')}`),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('indicator')), el('th', { scope: 'col' }, t('answer')), el('th', { scope: 'col' }, t('merged')))),
        el('tbody', {}, answeredBy.map(([iid, v]) => el('tr', { 'data-indicator': iid }, el('th', { scope: 'row' }, iid),
          el('td', {}, v.responses.map((x) => `${x.name}: ${answerLabel(x.answer)}`).join('; ')),
          el('td', {}, v.merged ? t(v.merged) : (v.agree ? '' : t('open'))))))))));

  // Disagreements.
  const open = report.open ?? [];
  const dis = el('section', { 'aria-labelledby': 'dis-h' }, el('h3', { id: 'dis-h' }, t('disagreements')));
  if (!open.length) dis.append(el('p', {}, t('noDisagreements')));
  for (const iid of open) {
    const info = report.indicators[iid];
    const item = el('div', { class: 'disagreement', 'data-indicator': iid }, el('h4', {}, `${iid} ${statement(iid)}`),
      el('ul', {}, info.responses.map((x) => el('li', {}, `${x.name}: ${answerLabel(x.answer)}${x.comment ? ` – ${x.comment}` : ''}`))));
    if (authority) {
      const choice = el('select', { 'aria-label': `${iid} ${t('decide')}` }, ['fully', 'partly', 'not_met'].map((v) => el('option', { value: v }, t(v))));
      const current = a.decisions.find((d) => d.indicator === iid);
      item.append(choice, el('button', { type: 'button', onclick: async () => {
        const w = await api('PUT', `assessments/${id}/decisions/${iid}`, { answer: choice.value }, { 'if-match': `"${current?.revision ?? 0}"` });
        if (!w.ok) status(problemText(w.data), true); else route();
      } }, t('decide')));
    }
    dis.append(item);
  }
  parts.push(dis);

  if (authority) parts.push(await invitationsSection(id, a), publishSection(id, a));
  // A refresh (others changed something) never replaces the page under a hand that is
  // answering: not while the questions are open or a save is on its way.
  const busy = () => inFlight > 0 || Boolean(myBox?.shadowRoot?.querySelector('dialog[open]'));
  if (refresh && refresh()) return false;
  view(...parts);

  // Show what others changed within a few seconds.
  let head = a.head;
  let stale = false;
  let ticking = false;
  clearInterval(poller);
  const timer = setInterval(async () => {
    if (ticking) return;
    ticking = true;
    try {
      if (!stale) {
        const c = await api('GET', `assessments/${id}/changes?after=${head}`);
        if (c.ok && c.data.length) {
          head = c.data[c.data.length - 1].id;
          stale = c.data.some((e) => !(e.actor.startsWith(`user:${me.user}`) || (me.respondent && e.actor.startsWith(`respondent:${me.respondent.id}:`))));
        }
      }
      // An error shown (a conflict above all) stays until the next save replaces it.
      if (stale && !busy() && timer === poller && await assessmentPage(busy) !== false && document.getElementById('status').className !== 'error') status(t('changed'));
    } finally { ticking = false; }
  }, 2500);
  poller = timer;
  return true;
}

async function invitationsSection(id, a) {
  const r = await api('GET', `assessments/${id}/invitations`);
  const permission = el('select', {}, el('option', { value: 'edit' }, t('edit')), el('option', { value: 'view' }, t('view')));
  const areaIds = [...new Set(Object.values(a.team.report.indicators).map((i) => i.area).filter(Boolean))];
  const areas = areaIds.map((v) => el('label', {}, el('input', { type: 'checkbox', value: v, name: 'area' }), ` ${v}`));
  const levels = ['services', 'lead', 'tech'].map((v) => el('label', {}, el('input', { type: 'checkbox', value: v, name: 'level' }), ` ${v}`));
  const label = el('input', { maxlength: 200 });
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', { onsubmit: async (e) => {
    e.preventDefault();
    const pick = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((x) => x.value);
    const sc = { areas: pick('area'), levels: pick('level') };
    const body = { permission: permission.value, label: label.value, scope: sc.areas.length || sc.levels.length ? sc : null };
    const c = await api('POST', `assessments/${id}/invitations`, body);
    if (!c.ok) { status(problemText(c.data), true); return; }
    const link = `${location.origin}${c.data.link}`;
    const input = el('input', { readonly: true, value: link, class: 'link' });
    out.replaceChildren(field(t('link'), input), el('button', { type: 'button', onclick: async () => { await navigator.clipboard?.writeText(link); status(t('copied')); } }, t('copy')));
  } }, field(t('permission'), permission), el('fieldset', {}, el('legend', {}, t('scopeAreas')), areas),
  el('fieldset', {}, el('legend', {}, t('scopeLevels')), levels), field(t('label'), label), el('button', { type: 'submit' }, t('invite')));
  const rows = (r.ok ? r.data : []).map((i) => el('tr', {}, el('td', {}, i.label), el('td', {}, i.permission === 'edit' ? t('edit') : t('view')),
    el('td', {}, i.scope ? JSON.stringify(i.scope) : '–'), el('td', {}, i.revoked_at ? t('revoked') : new Date(i.expires_at).toLocaleDateString(lang)),
    el('td', {}, i.revoked_at ? '' : el('button', { type: 'button', onclick: async () => { const d = await api('DELETE', `assessments/${id}/invitations/${i.id}`); if (d.ok) route(); else status(problemText(d.data), true); } }, t('revoke')))));
  return el('section', { 'aria-labelledby': 'inv-h' }, el('h3', { id: 'inv-h' }, t('invitations')), form, out,
    el('table', {}, el('thead', {}, el('tr', {}, [t('label'), t('permission'), t('scopeAreas'), t('expires'), ''].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
}

function publishSection(id, a) {
  const rows = a.publications.map((p) => el('tr', {}, el('td', {}, p.version), el('td', {}, new Date(p.published_at).toLocaleString(lang)),
    el('td', {}, p.withdrawn_at ? t('withdrawn') : el('button', { type: 'button', onclick: async () => { const w = await api('POST', `publications/${p.id}/withdraw`, {}); if (w.ok) route(); else status(problemText(w.data), true); } }, t('withdraw')))));
  return el('section', { 'aria-labelledby': 'pub-h' }, el('h3', { id: 'pub-h' }, t('publications')),
    el('button', { type: 'button', id: 'publish', onclick: async () => { const p = await api('POST', `assessments/${id}/publications`, {}); if (p.ok) route(); else status(problemText(p.data), true); } }, t('publish')),
    el('table', {}, el('thead', {}, el('tr', {}, [t('version'), '', ''].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
}

// ---- invitation --------------------------------------------------------------------------------

function invitePage() {
  const token = location.hash.slice(1);
  const name = el('input', { required: true, maxlength: 200, autocomplete: 'name' });
  const dep = el('input', { required: true, maxlength: 200, autocomplete: 'organization' });
  view(el('h2', {}, t('acceptTitle')), el('form', { onsubmit: async (e) => {
    e.preventDefault();
    const r = await api('POST', 'invitations/accept', { token, name: name.value, department: dep.value });
    if (!r.ok) { status(problemText(r.data), true); return; }
    me = r.data;
    history.replaceState(null, '', '/invite');
    location.href = `/assessment?id=${me.respondent.assessment_id}`;
  } }, field(t('name'), name), field(t('department'), dep), el('button', { type: 'submit' }, t('acceptGo'))));
}

// ---- national ----------------------------------------------------------------------------------

async function nationalPage() {
  const params = new URLSearchParams(location.search);
  const year = params.get('year') ?? '';
  const q = year ? `?year=${encodeURIComponent(year)}` : '';
  const r = await api('GET', `national${q}`);
  const yearInput = el('input', { type: 'number', name: 'year', value: year, min: 1900, max: 2200 });
  const parts = [el('h2', {}, t('nationalTitle')), el('form', { method: 'get', action: '/national' }, field(`${t('year')} (${t('allYears')})`, yearInput), el('button', { type: 'submit' }, t('show')))];
  if (!r.ok) { parts.push(el('p', {}, r.status === 403 ? t('mustPublish') : problemText(r.data))); view(...parts); return; }
  const n = r.data;
  if (n.synthetic) parts.push(el('p', { class: 'note', role: 'note' }, `${t('synthetic')} (${n.synthetic} / ${n.published})`));
  parts.push(el('p', {}, el('a', { href: `/api/v1/national.csv${q}`, download: 'national.csv' }, t('csv')), ' · ', el('a', { href: `/api/v1/national.xlsx?lang=${lang}${year ? `&year=${year}` : ''}`, download: 'national.xlsx' }, t('xlsx'))));
  const c = n.compilation;
  const areaIds = Object.keys(c.areas);
  const pct = (x) => (x == null ? '–' : `${Math.round(x * 100)} %`);
  const mean = (x) => (x == null ? '–' : x.toFixed(2));
  parts.push(el('h3', {}, t('county')), el('table', { class: 'national' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('county')), el('th', { scope: 'col' }, t('count')), areaIds.map((a) => el('th', { scope: 'col' }, a)))),
    el('tbody', {}, el('tr', {}, el('th', { scope: 'row' }, t('nation')), el('td', {}, c.assessments), areaIds.map((a) => el('td', {}, mean(c.areas[a].mean)))),
      Object.entries(c.groups ?? {}).map(([k, g]) => el('tr', {}, el('th', { scope: 'row' }, `${k} ${g.name ?? ''}`), el('td', {}, g.assessments), areaIds.map((a) => el('td', {}, mean(g.areas[a]?.mean))))))));
  const ranked = (title, list) => [el('h3', {}, title), el('ol', {}, list.map((x) => el("li", {}, `${x.id} ${catalogue ? statement(x.id) : x.statement}: ${pct(x.share)}`)))];
  await loadCatalogue();
  parts.push(...ranked(t('top'), c.top), ...ranked(t('bottom'), c.bottom));
  if (n.own.length) {
    parts.push(el('h3', {}, t('own')));
    for (const o of n.own) {
      parts.push(el('h4', {}, `${o.municipality} ${o.name ?? ''} ${o.year}`), el('table', {},
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), areaIds.map((a) => el('th', { scope: 'col' }, a)))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, o.municipality), areaIds.map((a) => el('td', {}, mean(o.all.areas?.[a]?.value)))),
          el('tr', {}, el('th', { scope: 'row' }, t('nation')), areaIds.map((a) => el('td', {}, mean(o.all.areas?.[a]?.mean)))),
          o.group ? el('tr', {}, el('th', { scope: 'row' }, `${t('county')} ${o.group.name ?? o.group.key}`), areaIds.map((a) => el('td', {}, mean(o.group.areas?.[a]?.mean)))) : null)));
    }
  }
  parts.push(el('h3', {}, t('municipalities')), el('table', {}, el('thead', {}, el('tr', {}, [t('municipality'), t('year'), t('version'), t('score'), 'synthetic'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, n.municipalities.map((m) => el('tr', {}, el('td', {}, `${m.municipality} ${m.name ?? ''}`), el('td', {}, m.year), el('td', {}, m.version), el('td', {}, `${m.points} / ${m.max_points}`), el('td', {}, m.synthetic ? t('yes') : ''))))));
  view(...parts);
}

// ---- administration ------------------------------------------------------------------------------

async function adminPage() {
  const r = await api('GET', 'authority-requests');
  const rows = (r.ok ? r.data : []).map((q) => el('tr', {}, el('td', {}, q.user), el('td', {}, q.municipality), el('td', {}, q.reason),
    el('td', {}, el('button', { type: 'button', onclick: async () => { const g = await api('POST', 'authorities', { user: q.user, municipality: q.municipality }); if (g.ok) route(); else status(problemText(g.data), true); } }, t('grant')))));
  const name = el('input', { required: true, maxlength: 200 });
  const pw = el('input', { type: 'password', required: true, minlength: 10, autocomplete: 'new-password' });
  const adm = el('input', { type: 'checkbox' });
  view(el('h2', {}, t('requests')), el('table', {}, el('tbody', {}, rows)),
    el('h2', {}, t('newUser')), el('form', { onsubmit: async (e) => {
      e.preventDefault();
      const c = await api('POST', 'users', { name: name.value, password: pw.value, admin: adm.checked });
      status(c.ok ? t('created') : problemText(c.data), !c.ok);
    } }, field(t('user'), name), field(t('password'), pw), field(t('adminFlag'), adm), el('button', { type: 'submit' }, t('send'))));
}

// ---- routing -------------------------------------------------------------------------------------

async function route(keepStatus = false) {
  document.documentElement.lang = lang;
  if (!keepStatus) status('');
  clearInterval(poller);
  await loadMe();
  nav();
  const path = location.pathname;
  if (path === '/invite') return invitePage();
  if (!me) return signInPage();
  if (path === '/assessment') return assessmentPage();
  if (path === '/national') return nationalPage();
  if (path === '/admin') return adminPage();
  return homePage();
}

route();
