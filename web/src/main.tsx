import { render } from 'preact';
import { App, bootSession } from './app';
import { startRouter } from './router';
import './style.css';

startRouter();
bootSession();
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
