import { render } from 'preact';
import { App, bootSession } from './app';
import { startRouter } from './router';
import { startOffline } from './offline';
import './style.css';

startRouter();
startOffline();
bootSession();
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
