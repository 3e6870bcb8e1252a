import { useState } from 'preact/hooks';
import { del, get, patch } from '../api';
import { fmtDate } from '../format';
import { session } from '../store';
import type { User } from '../types';
import { ErrorBox, Errs, Field, FormStatus, Loading, Section, useForm, useLoad, useTitle, V } from '../ui';

export const PASSWORD_HINT =
  '8–128 ký tự, không cần chữ hoa hay ký hiệu; nên dùng một câu dễ nhớ. Không dùng mật khẩu phổ biến, tên đăng nhập, họ tên hay số điện thoại.';

/** Changing one's own password: the server asks for the current one and ends the other sessions. */
function ChangePassword(props: { me: User }) {
  const f = useForm({ current_password: '', password: '', confirm: '' });
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        V.required(errs, v, 'current_password', 'mật khẩu hiện tại');
        V.required(errs, v, 'password', 'mật khẩu mới');
        V.password(errs, v, 'password');
        if (!errs.password && v.confirm !== v.password) errs.confirm = 'Hai lần nhập mật khẩu mới không khớp.';
        return errs;
      },
      async (v) => {
        await patch<User>(`/users/${props.me.id}`, { current_password: v.current_password, password: v.password });
        f.setValues({ current_password: '', password: '', confirm: '' });
        return 'Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản (trên máy khác) đã kết thúc.';
      },
    );
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label="Đổi mật khẩu">
      <Field {...f.bind('current_password')} label="Mật khẩu hiện tại" type="password" required autoComplete="current-password" />
      <Field {...f.bind('password')} label="Mật khẩu mới" type="password" required autoComplete="new-password" hint={PASSWORD_HINT} />
      <Field {...f.bind('confirm')} label="Nhập lại mật khẩu mới" type="password" required autoComplete="new-password" />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>Đổi mật khẩu</button>
      </div>
    </form>
  );
}

interface SessionItem { id: string; label: string; created_on: string; expires_on: string; remember: boolean; current: boolean }

/** Where the account is logged in; any session can be ended (a lost phone). */
function Sessions() {
  const list = useLoad(() => get<{ items: SessionItem[] }>('/sessions'), []);
  const [msg, setMsg] = useState('');
  const end = async (x: SessionItem) => {
    await del('/sessions/' + x.id);
    setMsg(`Đã đăng xuất phiên ${x.label} (mở ngày ${fmtDate(x.created_on)}).`);
    list.reload();
  };
  return (
    <Section title="Các phiên đăng nhập" id="sessions-h">
      {msg && <p class="msg ok" role="status">{msg}</p>}
      {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading /> : (
        <ul class="list" id="session-list">
          {list.data.items.map((x) => (
            <li class="report">
              <span>
                <strong>{x.label}</strong>{x.current && <span class="muted small"> · phiên này</span>}
                <span class="muted small session-meta">
                  Mở ngày {fmtDate(x.created_on)} · hết hạn {fmtDate(x.expires_on)}{x.remember ? ' · ghi nhớ trên thiết bị' : ''}
                </span>
              </span>
              {!x.current && <button type="button" class="btn small" onClick={() => end(x)}>Đăng xuất</button>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function AccountPage() {
  useTitle('Tài khoản');
  const me = session.use();
  if (!me) return null;
  return (
    <main id="main">
      <h1>Tài khoản</h1>
      <p class="small">{me.full_name} · {me.login} · {me.role_name}{me.unit ? ' · ' + me.unit.name : ''}</p>
      <Section title="Đổi mật khẩu" id="pw-h">
        <ChangePassword me={me} />
      </Section>
      <Sessions />
    </main>
  );
}
