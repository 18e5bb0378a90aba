// Chat: asks the journal through agent runs. The answer streams token by token (SSE /app/chat/api/stream/<id>),
// tool calls show as they happen (collapsible, with results), [YYYYMMDD HHMMSS_LEN] citations link to transcripts,
// earlier conversations continue as threads. Journal text is always inserted as text.
(function () {
  'use strict';
  const root = document.getElementById('chat-app');
  if (!root) { return; }
  const el = window.engram.el;
  const api = window.engram.api;
  const thread = document.getElementById('ch-thread');
  const form = document.getElementById('ch-form');
  const prompt = document.getElementById('ch-prompt');
  const send = document.getElementById('ch-send');
  const personaSelect = document.getElementById('ch-persona');
  const tierSelect = document.getElementById('ch-tier');
  const providerSelect = document.getElementById('ch-provider');
  const CITE = /\[(\d{8})[ _](\d{6}_\d+)\]/g;
  let conversation = new URLSearchParams(location.search).get('c') || '';

  // text with [YYYYMMDD HHMMSS_LEN] turned into links to the transcripts app (everything else as text)
  function withCitations(node, text) {
    node.textContent = '';
    let last = 0;
    text.replace(CITE, function (m, day, seg, at) {
      node.appendChild(document.createTextNode(text.slice(last, at)));
      const a = el('a', 'ch-cite', day.slice(0, 4) + '-' + day.slice(4, 6) + '-' + day.slice(6) + ' ' +
        seg.slice(0, 2) + ':' + seg.slice(2, 4));
      a.href = '/app/transcripts/' + day + '?segment=' + seg;
      node.appendChild(a);
      last = at + m.length;
      return m;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function toolBlock(ev) {
    const d = el('details', 'ch-tool');
    d.dataset.callId = ev.call_id || '';
    const s = el('summary', null, '🔧 ' + ev.tool + ' ' + JSON.stringify(ev.args || {}));
    d.appendChild(s);
    d.appendChild(el('pre', 'ch-tool-result', ev.result === undefined ? 'running…' : String(ev.result)));
    return d;
  }

  function turnView(t) {
    const box = el('div', 'ch-turn');
    box.dataset.agentId = t.agent_id;
    box.appendChild(el('div', 'ch-user', t.prompt || ''));
    const tools = el('div', 'ch-tools');
    (t.tools || []).forEach(function (ev) { tools.appendChild(toolBlock(ev)); });
    box.appendChild(tools);
    const answer = el('div', 'ch-answer');
    if (t.result !== undefined) { withCitations(answer, t.result); }
    box.appendChild(answer);
    if (t.error) { box.appendChild(el('p', 'ch-error', t.error)); }
    thread.appendChild(box);
    document.getElementById('ch-empty').hidden = true;
    return box;
  }

  function follow(id, box) {
    const answer = box.querySelector('.ch-answer');
    const tools = box.querySelector('.ch-tools');
    let text = '';
    send.disabled = true;
    const es = new EventSource('/app/chat/api/stream/' + encodeURIComponent(id));
    function done() { es.close(); send.disabled = false; box.classList.remove('ch-running'); loadConversations(); }
    box.classList.add('ch-running');
    es.addEventListener('token', function (m) {
      text += JSON.parse(m.data).text;
      answer.textContent = text;
    });
    es.addEventListener('tool_start', function (m) {
      const ev = JSON.parse(m.data);
      tools.appendChild(toolBlock(ev));
    });
    es.addEventListener('tool_end', function (m) {
      const ev = JSON.parse(m.data);
      const old = Array.from(tools.children).find(function (d) { return d.dataset.callId === (ev.call_id || ''); });
      const fresh = toolBlock(ev);
      if (old) { tools.replaceChild(fresh, old); } else { tools.appendChild(fresh); }
    });
    es.addEventListener('finish', function (m) {
      withCitations(answer, JSON.parse(m.data).result || text);
      done();
    });
    es.addEventListener('error', function (m) {
      if (m.data) {
        const ev = JSON.parse(m.data);
        box.appendChild(el('p', 'ch-error', ev.error || 'the run failed'));
        done();
      } else if (es.readyState === EventSource.CLOSED) {
        done();
      }
    });
  }

  function openConversation(id) {
    conversation = id;
    history.replaceState(null, '', id ? '?c=' + encodeURIComponent(id) : location.pathname);
    thread.textContent = '';
    document.getElementById('ch-empty').hidden = !!id;
    markCurrent();
    if (!id) { return; }
    api('GET', '/app/chat/api/conversation/' + encodeURIComponent(id)).then(function (c) {
      c.turns.forEach(function (t) {
        const box = turnView(t);
        if (t.state === 'running') { follow(t.agent_id, box); }
      });
      if (c.persona) { personaSelect.value = c.persona; }
      providerSelect.value = c.provider || '';
    }).catch(function (e) { thread.appendChild(el('p', 'ch-error', e.message)); });
  }

  function markCurrent() {
    document.querySelectorAll('#ch-conversations li').forEach(function (li) {
      li.classList.toggle('ch-current', li.dataset.id === conversation);
    });
  }

  function loadConversations() {
    api('GET', '/app/chat/api/conversations').then(function (r) {
      const list = document.getElementById('ch-conversations');
      list.textContent = '';
      r.conversations.forEach(function (c) {
        const li = el('li', null);
        li.dataset.id = c.id;
        const b = el('button', 'ch-conv', c.title);
        b.type = 'button';
        b.addEventListener('click', function () { openConversation(c.id); });
        li.appendChild(b);
        list.appendChild(li);
      });
      markCurrent();
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    const q = prompt.value.trim();
    if (!q) { return; }
    const body = { prompt: q, persona: personaSelect.value, tier: tierSelect.value,
      provider: providerSelect.value };
    if (conversation) { body.conversation = conversation; }
    send.disabled = true;
    api('POST', '/app/chat/api/ask', body).then(function (r) {
      prompt.value = '';
      if (!conversation) {
        conversation = r.conversation;
        history.replaceState(null, '', '?c=' + encodeURIComponent(conversation));
      }
      follow(r.agent_id, turnView({ agent_id: r.agent_id, prompt: q, tools: [] }));
    }).catch(function (err) {
      send.disabled = false;
      thread.appendChild(el('p', 'ch-error', err.message));
    });
  });
  prompt.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById('ch-new').addEventListener('click', function () { openConversation(''); });

  api('GET', '/app/chat/api/personas').then(function (r) {
    r.personas.forEach(function (p) {
      const o = el('option', null, p.title);
      o.value = p.name;
      personaSelect.appendChild(o);
    });
    r.tiers.forEach(function (t) {
      const o = el('option', null, t);
      o.value = t;
      tierSelect.appendChild(o);
    });
    window.engramApps.fillProviders(providerSelect, document.getElementById('ch-provider-hint'), r);
    root.dataset.ready = 'true';
  }).catch(function (e) { thread.appendChild(el('p', 'ch-error', e.message)); }).then(function () {
    // after the pickers are filled, so the conversation's persona and provider can be selected
    if (conversation) { openConversation(conversation); }
  });
  loadConversations();
}());
