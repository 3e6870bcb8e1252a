import { patch, post } from '../api';
import type { Team, Unit } from '../types';
import { Errs, Field, FormStatus, orNull, useForm, V } from '../ui';

function teamValues(t: Team | null, defaults: { unit_id?: string; active_from?: string }) {
  return {
    unit_id: t ? String(t.unit_id) : defaults.unit_id || '',
    name: t?.name || '',
    decision_number: t?.decision?.number || '',
    decision_date: t?.decision?.date || '',
    decision_issuer: t?.decision?.issuer || '',
    active_from: t?.active_from || defaults.active_from || '',
    active_to: t?.active_to || '',
    zalo_link: t?.zalo?.link || '',
    zalo_members: t?.zalo?.members != null ? String(t.zalo.members) : '',
    notes: t?.notes || '',
  };
}
type TV = ReturnType<typeof teamValues>;

function validate(v: TV, creating: boolean): Errs {
  const e: Errs = {};
  if (creating && !v.unit_id) e.unit_id = 'Vui lòng chọn đơn vị của tổ.';
  V.required(e, v, 'name', 'tên tổ');
  V.maxLen(e, v, 'name', 200);
  V.required(e, v, 'active_from', 'ngày bắt đầu hoạt động');
  for (const d of ['decision_date', 'active_from', 'active_to']) V.date(e, v, d);
  V.notBefore(e, v, 'active_to', 'active_from', 'Ngày kết thúc phải từ ngày bắt đầu trở đi.');
  const link = v.zalo_link.trim();
  if (link && !/^https?:\/\/\S+$/i.test(link)) e.zalo_link = 'Liên kết phải bắt đầu bằng http:// hoặc https://';
  const zm = v.zalo_members.trim();
  if (zm && (!/^\d+$/.test(zm) || +zm > 100000)) e.zalo_members = 'Số thành viên nhóm Zalo là số nguyên từ 0 đến 100.000.';
  V.maxLen(e, v, 'notes', 2000);
  return e;
}

function body(v: TV, creating: boolean) {
  const b: Record<string, unknown> = {
    name: v.name.trim(),
    decision_number: v.decision_number.trim(),
    decision_date: orNull(v.decision_date),
    decision_issuer: v.decision_issuer.trim(),
    active_from: v.active_from,
    active_to: orNull(v.active_to),
    zalo_link: v.zalo_link.trim(),
    zalo_members: v.zalo_members.trim() ? Number(v.zalo_members) : null,
    notes: v.notes,
  };
  if (creating) {
    b.unit_id = Number(v.unit_id);
    // On create, leave out what was not filled in.
    for (const k of Object.keys(b)) if (b[k] === null || b[k] === '') delete b[k];
  }
  return b;
}

/** Create (team = null) or edit a team. */
export function TeamForm(props: {
  team: Team | null;
  units?: { unit: Unit; hasTeam: boolean }[];
  defaultUnitId?: number;
  defaultFrom?: string;
  onDone: (t: Team) => void;
  onCancel?: () => void;
}) {
  const creating = !props.team;
  const f = useForm(teamValues(props.team, {
    unit_id: props.defaultUnitId ? String(props.defaultUnitId) : '',
    active_from: props.defaultFrom,
  }));
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit((v) => validate(v, creating), async (v) => {
      const t = creating
        ? await post<Team>('/teams', body(v, true))
        : await patch<Team>('/teams/' + props.team!.id, body(v, false));
      props.onDone(t);
      return creating ? '' : 'Đã lưu thông tin tổ.';
    });
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label={creating ? 'Thêm tổ' : 'Sửa thông tin tổ'}>
      {creating && props.units && (
        <Field
          {...f.bind('unit_id')}
          label="Đơn vị của tổ (xã hoặc thôn)"
          required
          options={[
            { value: '', label: '— Chọn đơn vị —' },
            ...props.units.map(({ unit, hasTeam }) => ({
              value: String(unit.id),
              label: unit.name + (hasTeam ? ' (đã có tổ)' : ''),
            })),
          ]}
        />
      )}
      <Field {...f.bind('name')} label="Tên tổ" required placeholder="Tổ CNSCĐ thôn …" />
      <fieldset>
        <legend>Quyết định thành lập</legend>
        <Field {...f.bind('decision_number')} label="Số quyết định" placeholder="45/QĐ-UBND" />
        <Field {...f.bind('decision_date')} label="Ngày quyết định" type="date" />
        <Field {...f.bind('decision_issuer')} label="Cơ quan ban hành" placeholder="UBND xã …" />
      </fieldset>
      <Field {...f.bind('active_from')} label="Hoạt động từ ngày" type="date" required />
      <Field {...f.bind('active_to')} label="Hoạt động đến ngày" type="date" hint="Để trống nếu tổ còn hoạt động." />
      <Field {...f.bind('zalo_link')} label="Liên kết nhóm Zalo" type="url" inputMode="url" placeholder="https://zalo.me/g/…" />
      <Field {...f.bind('zalo_members')} label="Số thành viên nhóm Zalo" type="number" inputMode="numeric" min={0} max={100000} />
      <Field {...f.bind('notes')} label="Ghi chú" textarea />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>{creating ? 'Thêm tổ' : 'Lưu'}</button>
        {props.onCancel && <button type="button" class="btn" onClick={props.onCancel}>Huỷ</button>}
      </div>
    </form>
  );
}
