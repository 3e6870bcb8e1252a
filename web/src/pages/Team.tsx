import { useState } from 'preact/hooks';
import { del, get, patch, post } from '../api';
import { fmtDate, fmtNum, fmtUntil, isoToday } from '../format';
import { navigate } from '../router';
import { canLog, canWrite, session, useMeta, workDate } from '../store';
import type { Member, Team } from '../types';
import { Breadcrumb, cleanPhone, ErrorBox, Errs, Field, FormStatus, Loading, orNull, Section, useForm, useLoad, useTitle, V } from '../ui';
import { TeamForm } from './TeamForm';

function memberValues(m: Member | null, joined: string) {
  return {
    full_name: m?.full_name || '',
    phone: m?.phone || '',
    role: m?.role || 'thanh_vien',
    affiliation: m?.affiliation || '',
    joined_on: m?.joined_on || joined,
    left_on: m?.left_on || '',
    trained_on: m?.trained_on || '',
  };
}

function MemberForm(props: { teamId: number; member: Member | null; joined: string; onDone: (m: Member) => void; onCancel?: () => void }) {
  const m = useMeta();
  const editing = !!props.member;
  const f = useForm(memberValues(props.member, props.joined));
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        V.required(errs, v, 'full_name', 'họ và tên');
        V.maxLen(errs, v, 'full_name', 200);
        V.required(errs, v, 'phone', 'số điện thoại');
        V.phone(errs, v, 'phone');
        if (!v.role) errs.role = 'Vui lòng chọn vai trò.';
        V.required(errs, v, 'joined_on', 'ngày tham gia');
        for (const d of ['joined_on', 'left_on', 'trained_on']) V.date(errs, v, d);
        V.notBefore(errs, v, 'left_on', 'joined_on', 'Ngày rời tổ phải từ ngày tham gia trở đi.');
        return errs;
      },
      async (v) => {
        const b: Record<string, unknown> = {
          full_name: v.full_name.trim(),
          phone: cleanPhone(v.phone),
          role: v.role,
          affiliation: orNull(v.affiliation),
          joined_on: v.joined_on,
          left_on: orNull(v.left_on),
          trained_on: orNull(v.trained_on),
        };
        let saved: Member;
        if (editing) {
          saved = await patch<Member>('/members/' + props.member!.id, b);
        } else {
          for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
          saved = await post<Member>(`/teams/${props.teamId}/members`, b);
          f.setValues(memberValues(null, v.joined_on));
        }
        props.onDone(saved);
        return editing ? '' : `Đã thêm ${saved.full_name}.`;
      },
    );
  };
  const roles = m?.member_roles || [
    { code: 'to_truong', name: 'Tổ trưởng' },
    { code: 'to_pho', name: 'Tổ phó' },
    { code: 'thanh_vien', name: 'Thành viên' },
  ];
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label={editing ? 'Sửa thành viên' : 'Thêm thành viên'}>
      <Field {...f.bind('full_name')} label="Họ và tên" required autoComplete="off" />
      <Field {...f.bind('phone')} label="Số điện thoại" type="tel" inputMode="tel" required autoComplete="off" placeholder="09xxxxxxxx" />
      <Field {...f.bind('role')} label="Vai trò trong tổ" required options={roles.map((r) => ({ value: r.code, label: r.name }))} />
      <Field
        {...f.bind('affiliation')}
        label="Thuộc đơn vị, tổ chức"
        options={[{ value: '', label: '— Không chọn —' }, ...(m?.affiliations || []).map((a) => ({ value: a.code, label: a.name }))]}
      />
      <Field {...f.bind('joined_on')} label="Ngày tham gia" type="date" required />
      {editing && <Field {...f.bind('left_on')} label="Ngày rời tổ" type="date" />}
      <Field {...f.bind('trained_on')} label="Ngày được tập huấn" type="date" />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>{editing ? 'Lưu' : 'Thêm thành viên'}</button>
        {props.onCancel && <button type="button" class="btn" onClick={props.onCancel}>{editing ? 'Huỷ' : 'Đóng'}</button>}
      </div>
    </form>
  );
}

export function TeamPage(props: { id: string }) {
  const user = session.use();
  const write = canWrite(user);
  const showPhone = user?.role !== 'viewer';
  const date = workDate.use();
  const team = useLoad(() => get<Team>('/teams/' + props.id, { date }), [props.id, date]);
  const members = useLoad(() => get<{ items: Member[] }>(`/teams/${props.id}/members`), [props.id]);
  const [editTeam, setEditTeam] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  const t = team.data;
  useTitle(t ? t.name : 'Tổ CNSCĐ');

  if (team.error && !t) return <main id="main"><h1>Tổ CNSCĐ</h1><ErrorBox error={team.error} /></main>;
  if (!t || (!members.data && !members.error)) return <main id="main"><Loading /></main>;

  const list = members.data?.items || [];
  const removeTeam = async () => {
    if (!confirm(`Xoá "${t.name}" và danh sách thành viên của tổ?`)) return;
    try {
      await del('/teams/' + t.id);
      navigate('/units/' + t.unit_id);
    } catch (e) { setErr((e as Error).message); }
  };
  const removeMember = async (m: Member) => {
    if (!confirm(`Xoá ${m.full_name} khỏi tổ?`)) return;
    try {
      await del('/members/' + m.id);
      setMsg(`Đã xoá ${m.full_name} khỏi tổ.`);
      members.reload(); team.reload();
    } catch (e) { setErr((e as Error).message); }
  };

  return (
    <main id="main">
      <Breadcrumb path={t.unit?.path || []} current={t.name} />
      <h1>{t.name}</h1>
      <nav class="quick" aria-label="Việc thường làm">
        {canLog(user) && <a class="btn primary big" href={`/activities/new?unit=${t.unit_id}&team=${t.id}`}>Ghi hoạt động</a>}
        <a class="btn big" href={`/activities/list?unit=${t.unit_id}&team=${t.id}`} id="team-activities">Xem hoạt động</a>
      </nav>
      {err && <div class="msg err" role="alert">{err}</div>}
      {msg && <div class="msg ok" role="status">{msg}</div>}
      <section class="card" aria-labelledby="info-h">
        <div class="card-head">
          <h2 id="info-h">Thông tin tổ</h2>
          {write && !editTeam && (
            <button type="button" class="btn" onClick={() => { setEditTeam(true); setMsg(''); }}>Sửa</button>
          )}
        </div>
        {editTeam ? (
          <TeamForm
            team={t}
            onCancel={() => setEditTeam(false)}
            onDone={(x) => { setEditTeam(false); setMsg('Đã lưu thông tin tổ.'); team.mutate(x); }}
          />
        ) : (
          <dl class="dl">
            <dt>Đơn vị</dt><dd><a href={'/units/' + t.unit_id}>{t.unit?.name}</a></dd>
            <dt>Quyết định</dt>
            <dd>
              {t.decision?.number ? 'Số ' + t.decision.number : '—'}
              {t.decision?.date ? ' ngày ' + fmtDate(t.decision.date) : ''}
              {t.decision?.issuer ? ' của ' + t.decision.issuer : ''}
            </dd>
            <dt>Hoạt động</dt><dd>từ {fmtDate(t.active_from)}{t.active_to ? ' ' + fmtUntil(t.active_to) : ''}</dd>
            <dt>Nhóm Zalo</dt>
            <dd>
              {t.zalo?.link ? <a href={t.zalo.link} rel="noopener noreferrer" target="_blank">{t.zalo.link}</a> : '—'}
              {t.zalo?.members ? ` (${fmtNum(t.zalo.members)} thành viên)` : ''}
            </dd>
            <dt>Số thành viên</dt><dd id="member-count">{fmtNum(t.member_count)}</dd>
            {t.notes ? <><dt>Ghi chú</dt><dd class="pre">{t.notes}</dd></> : null}
          </dl>
        )}
        {write && !editTeam && (
          <div class="actions">
            <button type="button" class="btn danger" onClick={removeTeam}>Xoá tổ</button>
          </div>
        )}
      </section>

      <Section
        title={`Thành viên (${fmtNum(list.length)})`}
        id="members-h"
        actions={write && !adding && (
          <button type="button" class="btn primary" onClick={() => { setAdding(true); setMsg(''); }}>Thêm thành viên</button>
        )}
      >
        {write && adding && (
          <MemberForm
            teamId={t.id}
            member={null}
            joined={isoToday() > t.active_from ? isoToday() : t.active_from}
            onCancel={() => setAdding(false)}
            onDone={() => { members.reload(); team.reload(); }}
          />
        )}
        {members.error ? <ErrorBox error={members.error} /> : !members.data ? <Loading /> : list.length === 0 ? (
          <p class="muted">Tổ chưa có thành viên.</p>
        ) : (
          <table class="rtable" id="members">
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                {showPhone && <th scope="col">Điện thoại</th>}
                <th scope="col">Vai trò</th>
                <th scope="col">Thuộc</th>
                <th scope="col">Tham gia</th>
                <th scope="col">Tập huấn</th>
                {write && <th scope="col"><span class="sr">Thao tác</span></th>}
              </tr>
            </thead>
            <tbody>
              {list.map((m) => editing === m.id ? (
                <tr class="editing">
                  <td colSpan={7}>
                    <MemberForm
                      teamId={t.id}
                      member={m}
                      joined={m.joined_on}
                      onCancel={() => setEditing(null)}
                      onDone={(x) => { setEditing(null); setMsg(`Đã lưu ${x.full_name}.`); members.reload(); team.reload(); }}
                    />
                  </td>
                </tr>
              ) : (
                <tr>
                  <th scope="row" class="name">{m.full_name}{m.left_on ? <span class="muted small"> (rời tổ {fmtDate(m.left_on)})</span> : null}</th>
                  {showPhone && <td data-label="Điện thoại">{m.phone ? <a href={'tel:' + m.phone}>{m.phone}</a> : '—'}</td>}
                  <td data-label="Vai trò">{m.role_name}</td>
                  <td data-label="Thuộc">{m.affiliation_name || '—'}</td>
                  <td data-label="Tham gia">{fmtDate(m.joined_on)}</td>
                  <td data-label="Tập huấn">{fmtDate(m.trained_on)}</td>
                  {write && (
                    <td class="row-actions">
                      <button type="button" class="btn" onClick={() => { setEditing(m.id); setMsg(''); }} aria-label={'Sửa ' + m.full_name}>Sửa</button>
                      <button type="button" class="btn danger" onClick={() => removeMember(m)} aria-label={'Xoá ' + m.full_name}>Xoá</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.length > 0 && (
          <p class="downloads small">
            <a href={`/api/v1/teams/${t.id}/members.xlsx`} download id="team-members-xlsx">Tải danh sách thành viên (Excel)</a>
          </p>
        )}
      </Section>
    </main>
  );
}
