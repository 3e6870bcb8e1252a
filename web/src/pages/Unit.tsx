import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api';
import { fmtDate, fmtNum, fmtPercent, fmtUntil, lastDayOf } from '../format';
import { navigate, replaceQuery } from '../router';
import { canLog, canWrite, session, setWorkDate, useMeta, workDate } from '../store';
import type { Coverage, Team, Unit } from '../types';
import { Breadcrumb, ErrorBox, Errs, Field, FormStatus, Loading, Section, useForm, useLoad, useTitle, V } from '../ui';
import { MoreBar, usePaged } from '../paged';
import { DatePicker } from './common';
import { InheritedTeams, UnitHistory, VillageAssignments, effectiveDate } from './Reorg';
import { TeamForm } from './TeamForm';

const isActive = (t: Team, d: string) => t.active_from <= d && (!t.active_to || t.active_to >= d);

function CoverageCard(props: { cov: Coverage; level: string }) {
  const { communes, villages, communes_without_team } = props.cov;
  return (
    <section class="card" aria-labelledby="cov-h">
      <h2 id="cov-h">Độ phủ Tổ CNSCĐ ngày {fmtDate(props.cov.date)}</h2>
      <div class="stats">
        {props.level !== 'village' && (
          <div class="stat">
            <span class="stat-label">Xã có tổ</span>
            <span class="stat-num" id="cov-communes">{fmtNum(communes.with_team)}/{fmtNum(communes.total)}</span>
            <span class="stat-pct" id="cov-communes-pct">{fmtPercent(communes.percent)}</span>
            <span class="bar" aria-hidden="true"><span style={{ width: Math.min(100, communes.percent || 0) + '%' }} /></span>
          </div>
        )}
        <div class="stat">
          <span class="stat-label">Thôn, tổ dân phố có tổ</span>
          <span class="stat-num" id="cov-villages">{fmtNum(villages.with_team)}/{fmtNum(villages.total)}</span>
          <span class="stat-pct" id="cov-villages-pct">{fmtPercent(villages.percent)}</span>
          <span class="bar" aria-hidden="true"><span style={{ width: Math.min(100, villages.percent || 0) + '%' }} /></span>
        </div>
      </div>
      {communes_without_team.length > 0 && (
        <details class="missing" open={communes_without_team.length <= 10}>
          <summary>Xã chưa có tổ ({fmtNum(communes_without_team.length)})</summary>
          <ul class="list">
            {communes_without_team.map((u) => (
              <li><a class="item" href={'/units/' + u.id}><strong>{u.name}</strong><span class="muted small">{u.path_text}</span></a></li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function VillageForm(props: { commune: Unit; onDone: (u: Unit) => void; onCancel: () => void }) {
  const m = useMeta();
  const types = (m?.unit_types || []).filter((t) =>
    t.level ? t.level === 'village' : /^(thon|ban|ap|buon|soc|to_dan_pho|khu_pho|khom|xom|lang|khu|to)/.test(t.code),
  );
  const f = useForm({ name: '', type: '', valid_from: '' });
  useEffect(() => {
    if (!f.values.type && types.length) f.setValues((v) => ({ ...v, type: types[0].code }));
  }, [types.length]);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        V.required(errs, v, 'name', 'tên thôn/tổ dân phố');
        V.maxLen(errs, v, 'name', 200);
        if (!v.type) errs.type = 'Vui lòng chọn loại.';
        V.date(errs, v, 'valid_from');
        return errs;
      },
      async (v) => {
        const b: Record<string, string> = { name: v.name.trim(), type: v.type };
        if (v.valid_from) b.valid_from = v.valid_from;
        const u = await post<Unit>(`/units/${props.commune.id}/villages`, b);
        props.onDone(u);
      },
    );
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label="Thêm thôn/tổ dân phố">
      <Field {...f.bind('name')} label="Tên thôn/tổ dân phố" required placeholder="Thôn …" />
      <Field {...f.bind('type')} label="Loại" required options={types.map((t) => ({ value: t.code, label: t.name }))} />
      <Field {...f.bind('valid_from')} label="Có hiệu lực từ ngày" type="date" hint="Để trống nếu không rõ." />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>Thêm thôn</button>
        <button type="button" class="btn" onClick={props.onCancel}>Huỷ</button>
      </div>
    </form>
  );
}

type TeamRow = Team & { place: string };

/** The unit's teams, a page at a time from the server, loaded once the fold is opened. */
function TeamList(props: { unitId: number; date: string; open: boolean; version: number }) {
  const [open, setOpen] = useState(props.open);
  const [q, setQ] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const list = usePaged<TeamRow>(`/units/${props.unitId}/teams`, { limit: 50, q: term }, open, props.version);
  const filter = term ? '?q=' + encodeURIComponent(term) : '';
  return (
    <details class="fold" id="teams-fold" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{list.loaded && !term ? `Danh sách tổ (${fmtNum(list.total)})` : 'Danh sách tổ'}</summary>
      {open && (
        <>
          <div class="field">
            <label for="team-q">Tìm tổ theo tên tổ, thôn hoặc xã</label>
            <input id="team-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)}
              placeholder="Ví dụ: na pau, hoa muc" autoComplete="off" enterKeyHint="search" />
          </div>
          {list.error ? <ErrorBox error={list.error} /> : !list.loaded ? <Loading /> : list.items.length === 0 ? (
            <p class="muted">{term ? 'Không có tổ nào khớp.' : 'Chưa có tổ nào.'}</p>
          ) : (
            <ul class="list" id="team-list" aria-busy={list.loading}>
              {list.items.map((t) => (
                <li>
                  <a class="item" href={'/teams/' + t.id}>
                    <strong>{t.name}</strong>
                    <span class="muted small">
                      {t.place} · {fmtNum(t.member_count)} thành viên · từ {fmtDate(t.active_from)}
                      {t.active_to ? ' ' + fmtUntil(t.active_to) : ''}
                      {!isActive(t, props.date) ? ' · không hoạt động ngày ' + fmtDate(props.date) : ''}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          {list.loaded && (
            <MoreBar id="team-more" shown={list.items.length} total={list.total} noun="tổ" hasMore={!!list.next}
              loading={list.loading} onMore={list.more} />
          )}
          {list.loaded && list.items.length > 0 && (
            <p class="downloads small">
              <a href={`/api/v1/units/${props.unitId}/teams.xlsx${filter}`} download id="teams-xlsx">Tải danh sách tổ (Excel)</a>
              <a href={`/api/v1/units/${props.unitId}/members.xlsx${filter}`} download id="members-xlsx">Tải danh sách thành viên (Excel)</a>
            </p>
          )}
        </>
      )}
    </details>
  );
}

export function UnitPage(props: { id: string }) {
  const user = session.use();
  const date = workDate.use();
  const write = canWrite(user);
  const [open, setOpen] = useState<'' | 'team' | 'village'>('');
  const [note, setNote] = useState('');
  const [version, setVersion] = useState(0);

  // The address carries the date (router reads ?date= into workDate).
  useEffect(() => { replaceQuery({ date }); }, [date]);

  const unit = useLoad(() => get<Unit>('/units/' + props.id, { date }), [props.id, date]);
  // A unit that ended (or had not begun) on the working date is shown as on its last (first) day.
  const on = unit.data && unit.data.id === Number(props.id) ? effectiveDate(unit.data, date) : '';
  const children = useLoad(() => (on ? get<{ items: Unit[] }>(`/units/${props.id}/children`, { date: on }) : new Promise<never>(() => {})), [props.id, on]);
  const cov = useLoad(() => (on ? get<Coverage>(`/units/${props.id}/coverage`, { date: on }) : new Promise<never>(() => {})), [props.id, on]);
  const u = unit.data;
  const canHaveTeams = !!u && (u.level === 'commune' || u.level === 'village');
  // A commune's children say which have a team: its few teams at once (the
  // list itself pages); above communes nothing is fetched until opened.
  const teams = useLoad(
    () => (canHaveTeams ? get<{ items: Team[] }>(`/units/${props.id}/teams`, { limit: 200 }) : Promise.resolve({ items: [] as Team[] })),
    [props.id, canHaveTeams],
  );
  useTitle(u ? u.name : 'Đơn vị');

  if (unit.error && !u) return <main id="main"><h1>Đơn vị</h1><ErrorBox error={unit.error} /></main>;
  // Show the page once its parts are in, so nothing jumps while it loads.
  const pending = (x: { data?: unknown; error?: unknown }) => !x.data && !x.error;
  if (!u || pending(cov) || pending(children) || pending(teams)) return <main id="main"><Loading /></main>;

  const kids = children.data?.items || [];
  const teamList = teams.data?.items || [];
  const teamUnits = new Set(teamList.filter((t) => isActive(t, on)).map((t) => t.unit_id));
  const teamTargets = [
    ...(canHaveTeams ? [u] : []),
    ...(u.level === 'commune' ? kids.filter((k) => k.level === 'village') : []),
  ].map((x) => ({ unit: x, hasTeam: teamUnits.has(x.id) }));
  const defaultTarget = teamTargets.find((t) => !t.hasTeam)?.unit.id;
  // Named for what the children are: a two-tier province (from 2025) lists communes.
  const kidLevel = kids[0]?.level || (u.level === 'province' ? 'district' : u.level === 'district' ? 'commune' : 'village');
  const childTitle =
    kidLevel === 'district' ? 'Huyện, thị xã, thành phố' : kidLevel === 'commune' ? 'Xã, phường, thị trấn, đặc khu' : 'Thôn, tổ dân phố';
  const refresh = () => { children.reload(); cov.reload(); teams.reload(); unit.reload(); setVersion((v) => v + 1); };

  // Provinces and districts list their units first; their many teams fold away.
  const teamsBox = (
      <Section
        title="Tổ CNSCĐ"
        id="teams-h"
        actions={write && canHaveTeams && open !== 'team' && (
          <button type="button" class="btn primary" onClick={() => { setOpen('team'); setNote(''); }}>Thêm tổ</button>
        )}
      >
        {write && open === 'team' && (
          <TeamForm
            team={null}
            units={teamTargets}
            defaultUnitId={defaultTarget}
            defaultFrom={date}
            onCancel={() => setOpen('')}
            onDone={(t) => navigate('/teams/' + t.id)}
          />
        )}
        <TeamList unitId={u.id} date={date} open={canHaveTeams} version={version} />
      </Section>
  );
  const kidsBox = (
u.level !== 'village' && (
        <Section
          title={`${childTitle} (${fmtNum(kids.length)})`}
          id="children-h"
          actions={write && u.level === 'commune' && open !== 'village' && (
            <button type="button" class="btn" onClick={() => { setOpen('village'); setNote(''); }}>Thêm thôn/tổ dân phố</button>
          )}
        >
          {write && open === 'village' && (
            <VillageForm
              commune={u}
              onCancel={() => setOpen('')}
              onDone={(v) => { setOpen(''); setNote(`Đã thêm ${v.name}.`); refresh(); }}
            />
          )}
          {children.error ? <ErrorBox error={children.error} /> : !children.data ? <Loading /> : kids.length === 0 ? (
            <p class="muted">Không có đơn vị trực thuộc vào ngày {fmtDate(date)}.</p>
          ) : (
            <ul class="list" id="child-list">
              {kids.map((k) => (
                <li>
                  <a class="item" href={'/units/' + k.id}>
                    <strong>{k.name}</strong>
                    {u.level === 'commune' && (
                      <span class="muted small">{teamUnits.has(k.id) ? 'Có tổ CNSCĐ' : 'Chưa có tổ'}</span>
                    )}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )
  );

  return (
    <main id="main">
      <Breadcrumb path={u.path} />
      <h1>{u.name}</h1>
      <p class="muted small">
        {u.type_name}{u.code ? ' · Mã ' + u.code : ''}
        {(u.valid_from || u.valid_to) && ` · Hiệu lực ${u.valid_from ? 'từ ' + fmtDate(u.valid_from) + ' ' : ''}${fmtUntil(lastDayOf(u.valid_to))}`}
      </p>
      <nav class="quick" aria-label="Việc thường làm">
        {canLog(user) && <a class="btn primary big" href={'/activities/new?unit=' + u.id} id="unit-log">Ghi hoạt động</a>}
        <a class="btn big" href={`/units/${u.id}/scorecard`} id="unit-scorecard">Bảng chỉ tiêu</a>
        <a class="btn big" href={`/units/${u.id}/plans`} id="unit-plans">Kế hoạch</a>
        {u.level !== 'village' && <a class="btn big" href={`/periodic/${u.id}`} id="unit-periodic">Báo cáo định kỳ</a>}
        <a class="btn big" href={`/activities/list?unit=${u.id}`} id="unit-activities">Xem hoạt động</a>
        {u.level === 'village' && <a class="btn big" href={`/units/${u.id}/households`} id="unit-households">Sổ hộ</a>}
        {(u.level === 'village' || u.level === 'commune') && user && ['team_member', 'commune_officer'].includes(user.role) &&
          <a class="btn big" href={`/units/${u.id}/people`} id="unit-people">Người dân</a>}
      </nav>
      <DatePicker value={date} onChange={setWorkDate} />
      <UnitHistory unit={u} date={date} onDate={setWorkDate} />
      {unit.error && <ErrorBox error={unit.error} />}
      {note && <div class="msg ok" role="status">{note}</div>}

      {cov.error ? <ErrorBox error={cov.error} /> : cov.data ? <CoverageCard cov={cov.data} level={u.level} /> : <Loading />}

      {u.level === 'commune' && (u.formed_from || []).length > 0 && (
        <>
          <InheritedTeams unit={u} canWrite={write} onChange={refresh} />
          <VillageAssignments unit={u} canWrite={write} onChange={refresh} />
        </>
      )}
      {canHaveTeams ? <>{teamsBox}{kidsBox}</> : <>{kidsBox}{teamsBox}</>}
    </main>
  );
}
