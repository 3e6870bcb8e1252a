import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { canWrite, ROLE_RANK, session, useMeta, workDate } from '../store';
import type { Role, Unit, User } from '../types';
import { cleanPhone, ErrorBox, Errs, Field, FormStatus, Loading, Section, useForm, useLoad, useTitle, V } from '../ui';
import { UnitPicker } from './common';
import { PASSWORD_HINT } from './Account';
import { ScopeNotice } from './Reorg';

function CreateUser(props: { me: User; onDone: (u: User) => void }) {
  const m = useMeta();
  const date = workDate.use();
  const [unit, setUnit] = useState<Unit | null>(props.me.unit || null);
  const f = useForm({ login: '', full_name: '', phone: '', role: '', unit_id: '', password: '' });
  const roles = (m?.roles || []).filter((r) => {
    const rank = ROLE_RANK[r.code as Role];
    return rank !== undefined && (props.me.role === 'admin' || (r.code !== 'admin' && rank <= ROLE_RANK[props.me.role]));
  });
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        V.required(errs, v, 'login', 'tên đăng nhập');
        if (v.login && !errs.login && /\s/.test(v.login.trim())) errs.login = 'Tên đăng nhập không được có dấu cách.';
        V.required(errs, v, 'full_name', 'họ và tên');
        V.required(errs, v, 'phone', 'số điện thoại');
        V.phone(errs, v, 'phone');
        if (!v.role) errs.role = 'Vui lòng chọn vai trò.';
        if (!unit) errs.unit_id = 'Vui lòng chọn đơn vị phụ trách.';
        V.required(errs, v, 'password', 'mật khẩu');
        V.password(errs, v, 'password');
        return errs;
      },
      async (v) => {
        const u = await post<User>('/users', {
          login: v.login.trim(),
          password: v.password,
          full_name: v.full_name.trim(),
          phone: cleanPhone(v.phone),
          role: v.role,
          unit_id: unit!.id,
        });
        f.setValues({ login: '', full_name: '', phone: '', role: '', unit_id: '', password: '' });
        props.onDone(u);
        return `Đã tạo người dùng ${u.login}.`;
      },
    );
  };
  const uf = f.bind('unit_id');
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label="Tạo người dùng">
      <Field {...f.bind('login')} label="Tên đăng nhập" required autoComplete="off" />
      <Field {...f.bind('full_name')} label="Họ và tên" required autoComplete="off" />
      <Field {...f.bind('phone')} label="Số điện thoại" type="tel" inputMode="tel" required autoComplete="off" />
      <Field
        {...f.bind('role')}
        label="Vai trò"
        required
        options={[{ value: '', label: '— Chọn vai trò —' }, ...roles.map((r) => ({ value: r.code, label: r.name }))]}
      />
      <UnitPicker id={uf.id} label="Đơn vị phụ trách" value={unit} onChange={setUnit} error={uf.error} date={date} />
      <Field {...f.bind('password')} label="Mật khẩu" type="password" required autoComplete="new-password" hint={PASSWORD_HINT} />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>Tạo người dùng</button>
      </div>
    </form>
  );
}

export function UsersPage() {
  useTitle('Người dùng');
  const me = session.use();
  const users = useLoad(() => get<{ items: User[] }>('/users'), []);
  const [open, setOpen] = useState(false);
  if (!me || !canWrite(me)) {
    return <main id="main"><h1>Người dùng</h1><div class="msg err" role="alert">Bạn không có quyền xem trang này.</div></main>;
  }
  const list = users.data?.items || [];
  return (
    <main id="main">
      <h1>Người dùng</h1>
      <Section
        title="Tạo người dùng"
        id="new-h"
        actions={!open && <button type="button" class="btn primary" onClick={() => setOpen(true)}>Tạo mới</button>}
      >
        {open ? <CreateUser me={me} onDone={() => users.reload()} /> : <p class="muted small">Tạo tài khoản cho cán bộ, thành viên tổ hoặc người xem trong phạm vi của bạn.</p>}
      </Section>
      <Section title={`Danh sách (${list.length})`} id="list-h">
        {users.error ? <ErrorBox error={users.error} /> : !users.data ? <Loading /> : (
          <ul class="list" id="user-list">
            {list.map((u) => (
              <li class="item static">
                <strong>{u.full_name}</strong>
                <span class="small">{u.login} · {u.role_name}{u.phone ? ' · ' + u.phone : ''}{u.active === false ? ' · đã khoá' : ''}</span>
                <span class="muted small">{u.unit ? u.unit.path_text : 'Toàn quốc'}</span>
                <ScopeNotice user={u} admin={me?.role === 'admin'} onDone={() => users.reload()} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </main>
  );
}
